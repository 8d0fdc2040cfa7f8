import type { VectorPoint } from "@hippograph/memory";
import type { Condition, CreateCollectionArgs, DeleteArgs, Filter, PayloadIndexArgs, QueryArgs, UpsertArgs } from "./api.js";
import { pointId } from "./point-id.js";

/** Pure request builders: what the store sends, typed against the client's own parameter types. */

export interface PointPayload {
  ns: string;
  id: string;
  kind: string;
}

export function createCollectionRequest(dimensions: number): CreateCollectionArgs {
  // Cosine: Qdrant normalises vectors on upsert, so scores are cosine similarities (≈1 for the same direction).
  return { vectors: { size: dimensions, distance: "Cosine" } };
}

/** Keyword indexes on ns (marked as the tenant key, so Qdrant co-locates a tenant's points) and kind. */
export function payloadIndexRequests(): PayloadIndexArgs[] {
  return [
    { field_name: "ns", field_schema: { type: "keyword", is_tenant: true }, wait: true },
    { field_name: "kind", field_schema: "keyword", wait: true },
  ];
}

/** Scope every search and delete: must ns, and kind any-of when kinds are given. */
export function scopeFilter(ns: string, kinds?: readonly string[], ids?: readonly string[]): Filter {
  const must: Condition[] = [{ key: "ns", match: { value: ns } }];
  if (kinds !== undefined) must.push({ key: "kind", match: { any: [...kinds] } });
  if (ids !== undefined) must.push({ has_id: ids.map((id) => pointId(ns, id)) });
  return { must };
}

export function upsertRequest(points: readonly VectorPoint[]): UpsertArgs {
  return {
    wait: true,
    points: points.map((p) => ({
      id: pointId(p.ns, p.id),
      vector: Array.from(p.vector),
      payload: { ns: p.ns, id: p.id, kind: p.kind } satisfies PointPayload,
    })),
  };
}

export function queryRequest(q: { ns: string; vector: Float32Array; k: number; kinds?: readonly string[] }): QueryArgs {
  return { query: Array.from(q.vector), filter: scopeFilter(q.ns, q.kinds), limit: q.k, with_payload: ["id"], with_vector: false };
}

/** Delete by filter: the namespace condition makes a foreign point unreachable even on a hash collision. */
export function deleteRequest(ns: string, ids: readonly string[]): DeleteArgs {
  return { wait: true, filter: scopeFilter(ns, undefined, ids) };
}
