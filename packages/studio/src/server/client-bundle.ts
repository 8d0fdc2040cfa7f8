import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The page's script, bundled from `src/client` by esbuild when first asked for and kept: the
 * package ships the client's source, not a build output that could drift from it. From `src/server`
 * (run from source) and from `dist/server` (built) the source sits at a different distance.
 */
const CANDIDATES = ["../client/main.ts", "../../src/client/main.ts"];

let bundled: Promise<string> | undefined;

export function clientBundle(): Promise<string> {
  bundled ??= bundle().catch((error: unknown) => {
    bundled = undefined; // a failed bundle is retried on the next request, not cached
    throw error;
  });
  return bundled;
}

async function bundle(): Promise<string> {
  const entry = CANDIDATES.map((c) => fileURLToPath(new URL(c, import.meta.url))).find((p) => existsSync(p));
  if (!entry) throw new Error(`the studio's client source is missing (looked for ${CANDIDATES.join(", ")} beside ${fileURLToPath(import.meta.url)})`);
  // Loaded here, not at the top: every `hippograph` command imports the studio, and esbuild costs ~35 ms to load.
  const { build } = await import("esbuild");
  const out = await build({
    entryPoints: [entry], bundle: true, write: false, format: "esm", platform: "browser", target: "es2022", minify: true,
    legalComments: "none", logLevel: "silent",
  });
  return out.outputFiles[0]!.text;
}
