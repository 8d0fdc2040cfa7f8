import type { ScoredId } from "./vector-store.js";

/** Full-text search with BM25 ranking, keyed by node id, scoped by namespace. */
export interface TextIndex {
  index(docs: readonly TextDoc[]): Promise<void>;
  search(query: TextQuery): Promise<ScoredId[]>;
  delete(request: { ns: string; ids: readonly string[] }): Promise<void>;
  close(): Promise<void>;
}

export interface TextDoc {
  ns: string;
  id: string;
  kind: string;
  text: string;
}

export interface TextQuery {
  ns: string;
  /** Free text from a user or a model: the index tokenises it; it is never query syntax. */
  query: string;
  k: number;
  kinds?: readonly string[];
}
