import { IncompatibleDatabaseError, ValidationError } from "@hippograph/memory";
import type { CollectionInfo, QdrantApi } from "./api.js";
import { createCollectionRequest, payloadIndexRequests } from "./requests.js";

/**
 * Collections are named `hippograph_<name>`: recognisable in snapshot listings, and restricted to
 * characters that are safe in snapshot file names and URLs on every platform.
 */
const COLLECTION_NAME = /^[a-z0-9][a-z0-9_-]{0,47}$/;

export function collectionName(name: string): string {
  if (!COLLECTION_NAME.test(name)) {
    throw new ValidationError([{ path: "collection", message: "collection must be 1-48 characters of a-z, 0-9, _ and -, starting with a letter or digit" }], "qdrantVectors options");
  }
  return `hippograph_${name}`;
}

/** The vector size and distance of an existing collection (unnamed single-vector config only). */
function vectorConfig(info: CollectionInfo): { size: number; distance: string } | undefined {
  const vectors = info.config.params.vectors as { size?: unknown; distance?: unknown } | undefined;
  if (!vectors || typeof vectors.size !== "number") return undefined;
  return { size: vectors.size, distance: String(vectors.distance) };
}

/**
 * Creates the collection with Cosine distance and payload indexes, or checks an existing one: a
 * different dimension or distance is refused (mixing embedders would silently ruin search).
 */
export async function ensureCollection(api: QdrantApi, name: string, dimensions: number): Promise<void> {
  const { exists } = await api.collectionExists(name);
  if (exists) {
    const config = vectorConfig(await api.getCollection(name));
    if (!config) throw new IncompatibleDatabaseError(`qdrant collection ${name} has no single unnamed vector; it was not made by Hippograph`);
    if (config.size !== dimensions) {
      throw new IncompatibleDatabaseError(`qdrant collection ${name} stores ${config.size}-dimensional vectors; this memory is configured for ${dimensions}`);
    }
    if (config.distance !== "Cosine") throw new IncompatibleDatabaseError(`qdrant collection ${name} uses ${config.distance} distance; Hippograph needs Cosine`);
  } else {
    await api.createCollection(name, createCollectionRequest(dimensions));
  }
  // Idempotent: creating an index that exists is accepted by Qdrant.
  for (const request of payloadIndexRequests()) await api.createPayloadIndex(name, request);
}
