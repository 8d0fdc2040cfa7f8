import { baseLevel } from "../activation/base-level.js";
import type { RetrievedItem, ScoredItem } from "../scored.js";

export interface RecencyOptions {
  weight: number;
  decay: number;
  /** What ages are measured from: the clock, or the newest of the items themselves (a replayed conversation's "now"). */
  reference: "now" | "latest";
}

/**
 * ACT-R base-level activation as a ranking signal: each item's score gains weight × B, where
 * B = −d · ln(age in days + 1) (its creation is its one recorded use), so old memories sink unless
 * the evidence for them is strong. Items are re-sorted; the reason is recorded as `evidence.recency`.
 */
export function applyRecency(items: readonly RetrievedItem[], now: number, o: RecencyOptions): ScoredItem[] {
  const times = items.map((x) => x.node.time.at ?? x.node.time.recordedAt);
  const reference = o.reference === "now" ? now : Math.max(...times);
  const rescored = items.map((x, i) => {
    const b = baseLevel([reference - times[i]!], o.decay);
    const { node: _node, ...rest } = x;
    return { ...rest, score: x.score + o.weight * b, evidence: { ...x.evidence, recency: { rank: 0, score: b } } };
  });
  rescored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  rescored.forEach((x, i) => (x.evidence.recency!.rank = i + 1));
  return rescored;
}
