/** API keys: `Authorization: Bearer <key>` → the key's name and allowed models. No keys configured = open. */
import { GatewayError } from "../errors.js";
import type { KeyInfo } from "./gateway-core.js";

export const ANONYMOUS: KeyInfo = { name: "anonymous", models: undefined };

export function authenticate(keys: ReadonlyMap<string, KeyInfo>, secret: string | undefined): KeyInfo {
  if (keys.size === 0) return ANONYMOUS;
  const info = secret === undefined ? undefined : keys.get(secret);
  if (info === undefined) throw new GatewayError("UNAUTHORIZED", secret === undefined ? "missing API key (Authorization: Bearer …)" : "unknown API key");
  return info;
}

export function bearer(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  return header.startsWith("Bearer ") || header.startsWith("bearer ") ? header.slice(7).trim() : header.trim();
}

/**
 * The retry hint this gateway defines: a client that sends `x-retry-attempt: n` with n ≥ 1 is retrying on
 * its own, so the gateway makes exactly one attempt for it.
 */
export const RETRY_HEADER = "x-retry-attempt";

export function isClientRetry(value: string | null | undefined): boolean {
  return value !== null && value !== undefined && Number(value) >= 1;
}
