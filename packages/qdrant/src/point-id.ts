import { createHash } from "node:crypto";

/** A fixed UUID namespace for Hippograph point ids (UUIDv5's "namespace" argument). */
const HIPPOGRAPH_UUID_NS = Buffer.from("6b1f3c1e9a2d4f5b8c7d0e1f2a3b4c5d", "hex");

/**
 * Qdrant point ids must be unsigned integers or UUIDs, while ours are (namespace, id) pairs of
 * free strings. UUIDv5 (SHA-1, RFC 9562) of ns NUL id is deterministic — an upsert of the same
 * node replaces its point — and NUL cannot occur in a namespace, so distinct pairs never share an
 * input. ns, id and kind are kept in the payload, which is where search results are read from.
 */
export function pointId(ns: string, id: string): string {
  const hash = createHash("sha1").update(HIPPOGRAPH_UUID_NS).update(`${ns}\u0000${id}`, "utf8").digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50; // version 5
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = b.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
