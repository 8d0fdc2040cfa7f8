/** API keys: `Authorization: Bearer <key>` → the key's name and allowed models. No keys configured = open. */
import { GatewayError } from "../errors.js";
import type { KeyInfo } from "./gateway-core.js";

/** The caller of a gateway with no keys: it may do everything, metrics included. */
export const ANONYMOUS: KeyInfo = { name: "anonymous", models: undefined, metrics: true };

export function authenticate(keys: ReadonlyMap<string, KeyInfo>, secret: string | undefined): KeyInfo {
  if (keys.size === 0) return ANONYMOUS;
  // An empty secret is no key: were one configured empty (an unset environment value), anyone would pass.
  const info = secret === undefined || secret === "" ? undefined : keys.get(secret);
  if (info === undefined) throw new GatewayError("UNAUTHORIZED", !secret ? "missing API key (Authorization: Bearer …)" : "unknown API key");
  return info;
}

/**
 * Who may read `/metrics`: anyone on an open gateway or with `server.publicMetrics`, otherwise only a key
 * marked `metrics: true`, since the registry names every key and counts its tokens.
 */
export function authorizeMetrics(keys: ReadonlyMap<string, KeyInfo>, publicMetrics: boolean, secret: string | undefined): void {
  if (publicMetrics) return;
  if (!authenticate(keys, secret).metrics) throw new GatewayError("FORBIDDEN", "this key may not read /metrics (keys[].metrics: true)");
}

/** The key of `Authorization: Bearer <key>`, trimmed of HTTP whitespace (space, tab) only; any other scheme is no key. */
export function bearer(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^bearer[ \t]+(.*?)[ \t]*$/i.exec(header);
  return m?.[1] ? m[1] : undefined;
}

/**
 * The retry hint this gateway defines: a client that sends `x-retry-attempt: n` with n ≥ 1 is retrying on
 * its own, so the gateway makes exactly one attempt for it.
 */
export const RETRY_HEADER = "x-retry-attempt";

export function isClientRetry(value: string | null | undefined): boolean {
  return value !== null && value !== undefined && Number(value) >= 1;
}
