import type { TimeView } from "../model/time.js";
import type { Embedder } from "../ports/embedder.js";
import type { Extractor } from "../ports/extractor.js";
import type { GraphStore } from "../ports/graph-store.js";
import type { TextIndex } from "../ports/text-index.js";
import type { VectorStore } from "../ports/vector-store.js";

/** What every retrieval operator may read: one query, in one namespace, seen from one point in time. */
export interface RetrievalContext {
  ns: string;
  query: string;
  /** Wall-clock now (epoch ms): the default point of view, and "today" for relative dates. */
  now: number;
  /** Which facts and edges are visible (validity and knowledge windows). */
  view: TimeView;
  stores: { graph: GraphStore; vectors: VectorStore; text: TextIndex };
  embedder: Embedder;
  /** Finds entities and dates in the query; the memory's own extractor, so keys match the stored entities. */
  extractor: Extractor;
  signal?: AbortSignal;
}
