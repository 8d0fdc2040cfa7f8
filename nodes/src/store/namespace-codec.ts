import { createHash } from "node:crypto";
import { ID_MAX_LENGTH } from "@hippograph/memory";

/**
 * LangGraph namespaces are string paths (["users", "42", "prefs"]) whose labels may hold any character
 * but "." and ":"; Hippograph namespaces are one string over [A-Za-z0-9._:@/-]. Each label is escaped
 * byte-wise ("@" + two hex digits for anything outside [A-Za-z0-9_-], "@" included), and labels are joined
 * with "/" under a root, so the mapping is injective and readable: ["users", "ana b"] → "lg/users/ana@20b".
 * Paths too long for the 128-character limit are hashed; the original path is kept on every record, so
 * nothing ever needs decoding.
 */
export function memoryNamespace(root: string, path: readonly string[]): string {
  const encoded = `${root}/${path.map(encodeLabel).join("/")}`;
  return encoded.length <= 128 ? encoded : `${root}.h/${sha(path.join("\u0000")).slice(0, 64)}`;
}

function encodeLabel(label: string): string {
  let out = "";
  for (const byte of Buffer.from(label, "utf8")) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9_-]/.test(c) ? c : `@${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/**
 * Store keys become node ids; keys the id rules refuse (empty, too long) get a hashed id instead.
 * `generation` n ≥ 1 names the node that holds the key after n retracted ones (hippograph-store.ts):
 * hashed and suffixed, so under "~k/" like every id a store key cannot spell.
 */
export function itemId(key: string, generation = 0): string {
  if (generation > 0) return `~k/${sha(key).slice(0, 64)}.${generation}`;
  return key.length >= 1 && key.length <= ID_MAX_LENGTH && !key.startsWith("~k/") ? key : `~k/${sha(key).slice(0, 64)}`;
}

/** The generation `id` names for `key` (see `itemId`), or -1 when it is none of the key's. */
export function generationOf(id: string, key: string): number {
  if (id === itemId(key)) return 0;
  const generation = Number(id.slice(id.lastIndexOf(".") + 1));
  return Number.isInteger(generation) && generation > 0 && id === itemId(key, generation) ? generation : -1;
}

function sha(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
