import { createHash } from "node:crypto";

/**
 * Deterministic ids for derived records (edges of a plan, store items): writing the same plan twice must
 * upsert, not duplicate. Short joins stay readable; long ones are hashed under the 128-character id limit.
 */
export function stableId(...parts: string[]): string {
  const joined = parts.join(">");
  return joined.length <= 128 ? joined : `~${createHash("sha256").update(joined).digest("hex").slice(0, 48)}`;
}
