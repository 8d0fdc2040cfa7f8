import { DEFAULT_EDGE_WEIGHTS } from "./default-edge-weights.js";
import type { StepSpec } from "./spec.js";

/**
 * The pipeline `memory.retrieve` runs when given none. It needs no model: BM25 over everything and
 * over events alone, the dates named in the query, spreading activation from all three, what the
 * speakers the query names said raised above the rest, then the best 50 visible memories that say
 * something (entity and hyperedge nodes only route activation) packed into 2,000 tokens. Parameters
 * were chosen on LoCoMo conversations 0–4 only; the entity channel is left out because there it
 * changed nothing and cost 1.4 ms a query (docs/retrieval.md).
 */
export const DEFAULT_PIPELINE: readonly StepSpec[] = [
  { op: "bm25", k: 50 },
  // Events are whole stretches of conversation: a question whose words are spread over several turns
  // still matches the segment, and part_of edges carry that to its turns.
  { op: "bm25", name: "events", kinds: ["event"], k: 5 },
  { op: "time", k: 50 },
  { op: "spread", hops: 2, decay: 0.8, fanOut: 0.5, fanBy: "kind", threshold: 0.05, epsilon: 0.001, maxFrontier: 1000, edgeWeights: { ...DEFAULT_EDGE_WEIGHTS }, seedWeights: { events: 0.5, time: 0.3 } },
  // Boost 1.7: the best overall recall@10 on conversations 0–4 of the values 1.3–2.5 (docs/retrieval.md).
  { op: "speaker", boost: 1.7, k: 100 },
  { op: "filter", kinds: ["episode", "note", "event", "task"], k: 50 },
  { op: "pack", tokens: 2000 },
];
