/** @hippograph/qdrant — VectorStore on Qdrant: one collection, payload-filtered by namespace and kind. */
export { qdrantVectors, type QdrantVectorsOptions } from "./factory.js";
export { QdrantVectorStore, type QdrantStoreOptions } from "./qdrant-vector-store.js";
export { collectionName, ensureCollection } from "./collection.js";
export { pointId } from "./point-id.js";
export { isTransient } from "./errors.js";
export type { QdrantApi } from "./api.js";
