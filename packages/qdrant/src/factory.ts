import { z } from "zod";
import { QdrantClient } from "@qdrant/js-client-rest";
import { parseInput } from "@hippograph/memory";
import type { QdrantApi } from "./api.js";
import { collectionName, ensureCollection } from "./collection.js";
import { originOf, storageError, withRetry } from "./errors.js";
import { QdrantVectorStore } from "./qdrant-vector-store.js";

const optionsSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  apiKey: z.string().min(1).optional(),
  collection: z.string(),
  dimensions: z.number().int().min(1).max(65_536),
  batchSize: z.number().int().min(1).max(10_000).optional(),
  timeoutMs: z.number().int().min(1).optional(),
  retries: z.number().int().min(1).max(20).optional(),
});

export type QdrantVectorsOptions = z.input<typeof optionsSchema>;

/**
 * Connects to Qdrant, creates or checks the collection `hippograph_<collection>` (Cosine, the
 * given size, payload indexes on ns and kind) and returns the VectorStore. An unreachable server
 * is a StorageError naming it after a few bounded retries; a dimension mismatch is INCOMPATIBLE_DATABASE.
 * `api` replaces the REST client (tests).
 */
export async function qdrantVectors(options: QdrantVectorsOptions, api?: QdrantApi): Promise<QdrantVectorStore> {
  const o = parseInput(optionsSchema, options, "qdrantVectors options");
  const name = collectionName(o.collection);
  const where = originOf(o.url);
  const client = api ?? new QdrantClient({ url: o.url, ...(o.apiKey ? { apiKey: o.apiKey } : {}), timeout: o.timeoutMs ?? 30_000, checkCompatibility: false });
  try {
    await withRetry(() => ensureCollection(client, name, o.dimensions), { attempts: o.retries ?? 4, baseMs: 250 });
  } catch (error) {
    throw storageError(error, where, `opening collection ${name}`);
  }
  return new QdrantVectorStore(client, { collection: name, dimensions: o.dimensions, batchSize: o.batchSize, where, retries: o.retries });
}
