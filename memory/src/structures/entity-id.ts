import { createHash } from "node:crypto";

/**
 * The node id of the entity with this canonical key (see extract/entity-key.ts): `entity:<key>`,
 * or a hash of the key when that would exceed the 128-character id limit. Ingest creates entity
 * nodes under it and retrieval looks them up by it, so both must use this one function.
 */
export function entityId(key: string): string {
  const id = `entity:${key}`;
  return id.length <= 128 ? id : `entity:${createHash("sha1").update(key).digest("hex")}`;
}
