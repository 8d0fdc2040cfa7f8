const DAY_MS = 86_400_000;

/**
 * ACT-R base-level activation, B = ln Σ_k (t_k + 1)^(−d), where t_k is the age in days of the k-th
 * use of a node (its creation counts as one) and d the decay (0.5 is ACT-R's standard). Ages are
 * shifted by one day so a brand-new node scores 0 rather than +∞; a single use gives −d·ln(t + 1).
 * Kept apart from spreading activation because it needs node times, which traversal does not
 * carry: the caller adds weight × B to the nodes it fetched anyway. No uses at all gives −∞.
 */
export function baseLevel(ageMs: readonly number[], d = 0.5): number {
  let sum = 0;
  for (const age of ageMs) sum += Math.pow(Math.max(0, age) / DAY_MS + 1, -d);
  return Math.log(sum);
}
