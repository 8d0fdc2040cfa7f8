import type { RetrievalContext } from "../retrieval-context.js";
import type { ScoredItem } from "../scored.js";

/** Semantic seeds: nearest neighbours of the query's embedding (cosine). */
export async function vectorSeeds(ctx: RetrievalContext, o: { k: number; kinds?: readonly string[] }): Promise<ScoredItem[]> {
  const [vector] = await ctx.embedder.embed([ctx.query]);
  const hits = await ctx.stores.vectors.search({ ns: ctx.ns, vector: vector!, k: o.k, ...(o.kinds ? { kinds: o.kinds } : {}) });
  return hits.map((h) => ({ id: h.id, score: h.score, evidence: {} }));
}
