import type { QdrantClient, Schemas } from "@qdrant/js-client-rest";

/**
 * The few client methods the store calls, typed by the real client's signatures: production
 * passes a QdrantClient, tests pass a fake implementing just these — and request bodies are
 * type-checked against the client's own schema types either way.
 */
export type QdrantApi = Pick<QdrantClient, "collectionExists" | "getCollection" | "createCollection" | "createPayloadIndex" | "deleteCollection" | "upsert" | "query" | "delete">;

export type UpsertArgs = Parameters<QdrantClient["upsert"]>[1];
export type QueryArgs = Parameters<QdrantClient["query"]>[1];
export type DeleteArgs = Parameters<QdrantClient["delete"]>[1];
export type CreateCollectionArgs = Parameters<QdrantClient["createCollection"]>[1];
export type PayloadIndexArgs = Parameters<QdrantClient["createPayloadIndex"]>[1];
export type CollectionInfo = Awaited<ReturnType<QdrantClient["getCollection"]>>;
export type Filter = NonNullable<QueryArgs["filter"]>;
export type Condition = Schemas["Condition"];
export type FieldCondition = Schemas["FieldCondition"];
