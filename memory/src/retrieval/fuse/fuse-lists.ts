import { reciprocalRankFusion } from "../../search/rrf.js";
import type { ScoredItem, ScoredList } from "../scored.js";

export type FuseOptions = {
  /** Per input list; missing lists weigh 1, and 0 drops a list. */
  weights?: Record<string, number>;
  limit: number;
} & ({ method: "rrf"; /** RRF's rank constant. */ k: number } | { method: "weighted" });

/**
 * Merges ranked lists into one. RRF fuses ranks (Cormack et al., 2009), so lists with unrelated
 * score scales — BM25, cosine, activation — combine without calibration. Weighted fusion sums
 * w · score / (the list's top score), which keeps the margins that ranks throw away; it suits lists
 * whose scores mean something, like activation. An item keeps the evidence of every list that had
 * it, and the explanation of the first list that explained it.
 */
export function fuseLists(lists: readonly ScoredList[], o: FuseOptions): ScoredItem[] {
  const weightOf = (name: string) => o.weights?.[name] ?? 1;
  const byId = new Map<string, ScoredItem>();
  for (const list of lists) {
    list.items.forEach((item, i) => {
      let fused = byId.get(item.id);
      if (!fused) byId.set(item.id, (fused = { id: item.id, score: 0, evidence: {} }));
      for (const [name, e] of Object.entries(item.evidence)) fused.evidence[name] ??= e;
      fused.evidence[list.name] = { rank: i + 1, score: item.score };
      if (!fused.explanation && item.explanation) fused.explanation = item.explanation;
    });
  }
  if (o.method === "rrf") {
    const ranked = reciprocalRankFusion(lists.map((l) => ({ channel: l.name, hits: l.items, weight: weightOf(l.name) })), o.k);
    return ranked.filter((h) => h.score > 0).slice(0, o.limit).map((h) => ({ ...byId.get(h.id)!, score: h.score }));
  }
  for (const list of lists) {
    const top = list.items[0]?.score ?? 0;
    const w = weightOf(list.name);
    if (top <= 0 || w === 0) continue;
    for (const item of list.items) byId.get(item.id)!.score += (w * Math.max(0, item.score)) / top;
  }
  return [...byId.values()]
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, o.limit);
}
