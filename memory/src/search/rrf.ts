import type { ScoredId } from "../ports/vector-store.js";

/** Where one fused hit came from: its rank (1-based) and raw score in each channel that found it. */
export type ChannelEvidence = Record<string, { rank: number; score: number }>;

export interface FusedHit {
  id: string;
  score: number;
  channels: ChannelEvidence;
}

export interface RankedList {
  channel: string;
  hits: readonly ScoredId[];
  weight?: number;
}

/**
 * Weighted reciprocal-rank fusion (Cormack et al., 2009): score(d) = Σ_c w_c / (k + rank_c(d)).
 * Ranks, not raw scores, are fused, because BM25 and cosine scores live on unrelated scales.
 * k = 60 is the paper's value; ties break by id so results are deterministic.
 */
export function reciprocalRankFusion(lists: readonly RankedList[], k = 60): FusedHit[] {
  const fused = new Map<string, FusedHit>();
  for (const list of lists) {
    const weight = list.weight ?? 1;
    list.hits.forEach((hit, i) => {
      let entry = fused.get(hit.id);
      if (!entry) fused.set(hit.id, (entry = { id: hit.id, score: 0, channels: {} }));
      if (entry.channels[list.channel]) return; // a channel counts each id once, at its best rank
      entry.score += weight / (k + i + 1);
      entry.channels[list.channel] = { rank: i + 1, score: hit.score };
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
