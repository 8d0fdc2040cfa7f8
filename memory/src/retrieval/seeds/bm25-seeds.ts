import type { RetrievalContext } from "../retrieval-context.js";
import type { ScoredItem } from "../scored.js";

/** Lexical seeds: the text index's BM25 ranking of the query. */
export async function bm25Seeds(ctx: RetrievalContext, o: { k: number; kinds?: readonly string[] }): Promise<ScoredItem[]> {
  const hits = await ctx.stores.text.search({ ns: ctx.ns, query: ctx.query, k: o.k, ...(o.kinds ? { kinds: o.kinds } : {}) });
  return hits.map((h) => ({ id: h.id, score: h.score, evidence: {} }));
}
