/**
 * Vectors keyed by node id, scoped by namespace, searchable by cosine similarity with a kind filter
 * (Qdrant: one collection, payload indexes on ns and kind, filtered search).
 */
export interface VectorStore {
  readonly dimensions: number;
  upsert(points: readonly VectorPoint[]): Promise<void>;
  search(query: VectorQuery): Promise<ScoredId[]>;
  delete(request: { ns: string; ids: readonly string[] }): Promise<void>;
  close(): Promise<void>;
}

export interface VectorPoint {
  ns: string;
  id: string;
  kind: string;
  vector: Float32Array;
}

export interface VectorQuery {
  ns: string;
  vector: Float32Array;
  k: number;
  kinds?: readonly string[];
}

/** A hit from an index: higher score is better; scores are comparable only within one index. */
export interface ScoredId {
  id: string;
  score: number;
}
