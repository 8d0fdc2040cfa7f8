import { z } from "zod";
import type { MemoryNode } from "../model/node.js";
import { kindNameSchema } from "../model/kinds.js";
import { namespaceSchema } from "../model/namespace.js";
import { timeViewSchema, visibleIn, type TimeView } from "../model/time.js";
import type { Embedder } from "../ports/embedder.js";
import type { GraphStore } from "../ports/graph-store.js";
import type { TextIndex } from "../ports/text-index.js";
import type { VectorStore } from "../ports/vector-store.js";
import { reciprocalRankFusion, type ChannelEvidence } from "./rrf.js";

export const searchOptionsSchema = z
  .object({
    ns: namespaceSchema.optional(),
    k: z.number().int().min(1).max(1000).default(10),
    kinds: z.array(kindNameSchema).min(1).optional(),
    /** Candidates drawn from each channel before fusion. */
    candidates: z.number().int().min(1).max(5000).default(50),
    /** RRF weight per channel; 0 turns a channel off. */
    weights: z.object({ bm25: z.number().min(0).default(1), vector: z.number().min(0).default(1) }).strict().default({ bm25: 1, vector: 1 }),
    /** Look from another time. Default: facts valid now, as we know them now. */
    view: timeViewSchema.optional(),
    /** Also return invalidated and retracted memories. */
    includeInvalid: z.boolean().default(false),
  })
  .strict();

export type SearchOptions = z.input<typeof searchOptionsSchema>;

/** A search result and why it was found: the fused score and each channel's rank and raw score. */
export interface SearchHit {
  id: string;
  score: number;
  node: MemoryNode;
  channels: ChannelEvidence;
}

/**
 * BM25 and vector kNN run side by side, are fused by reciprocal rank, and every hit is resolved
 * through the graph, which drops anything not (or no longer) there and applies the time view.
 * The graph operators (spreading activation, PageRank, packing) build on this in the retrieval layer.
 */
export async function hybridSearch(
  stores: { graph: GraphStore; vectors: VectorStore; text: TextIndex },
  embedder: Embedder,
  query: string,
  options: z.output<typeof searchOptionsSchema> & { ns: string; now: number },
): Promise<SearchHit[]> {
  const { ns, kinds, candidates, weights } = options;
  const [bm25, vector] = await Promise.all([
    weights.bm25 > 0 ? stores.text.search({ ns, query, k: candidates, kinds }) : [],
    weights.vector > 0 ? embedder.embed([query]).then(([v]) => stores.vectors.search({ ns, vector: v!, k: candidates, kinds })) : [],
  ]);
  const fused = reciprocalRankFusion([
    { channel: "bm25", hits: bm25, weight: weights.bm25 },
    { channel: "vector", hits: vector, weight: weights.vector },
  ]);
  const view: TimeView | undefined = options.includeInvalid ? options.view : { validAt: options.now, knownAt: options.now, ...options.view };
  const wanted = fused.slice(0, Math.max(options.k * 3, options.k + 20));
  // A past knownAt reads each node as it was then; otherwise the current state is what we filter.
  const asOf = options.view?.knownAt;
  const nodes = await stores.graph.getNodes({ ns, ids: wanted.map((h) => h.id), view: asOf === undefined ? undefined : { knownAt: asOf } });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const hits: SearchHit[] = [];
  for (const h of wanted) {
    const node = byId.get(h.id);
    if (!node || (view && !visibleIn(node.time, view))) continue;
    hits.push({ id: h.id, score: h.score, node, channels: h.channels });
    if (hits.length === options.k) break;
  }
  return hits;
}
