/**
 * Regression guard for the prefix index's eviction cost. An exact LRU on one Map (delete + re-insert, evict
 * `keys().next()`) got slower the longer it ran at its cap — V8 leaves a hole per deleted entry for the
 * iterator to step over — measured 0.0065 → 0.47 ms per request (72×) at a 50,000-block cap. The index now
 * evicts by generation in O(1); the per-request cost at the cap must stay flat.
 */
import { describe, expect, it } from "vitest";
import { PrefixIndex } from "@hippograph/gateway";

const BLOCKS_PER_REQUEST = 40;

function msPerRequest(index: PrefixIndex, from: number, requests: number): number {
  const hashes = new Array<number>(BLOCKS_PER_REQUEST);
  const t0 = performance.now();
  for (let r = from; r < from + requests; r++) {
    for (let b = 0; b < BLOCKS_PER_REQUEST; b++) hashes[b] = r * 1000 + b + 1;
    index.add(hashes, r % 4);
  }
  return (performance.now() - t0) / requests;
}

describe("gateway prefix index at its cap", () => {
  it("keeps a flat per-request cost after many evictions", () => {
    const cap = 50_000;
    const index = new PrefixIndex(cap);
    const fill = cap / BLOCKS_PER_REQUEST;
    const below = msPerRequest(index, 0, fill); // fills it, no eviction
    // Keep evicting (twice the cap's worth), then measure.
    msPerRequest(index, fill, 2 * fill);
    const evicting = msPerRequest(index, 3 * fill, 500);
    if (process.env.PREFIX_COST_DEBUG) console.log({ below, evicting });
    expect(index.size).toBeLessThanOrEqual(cap);
    expect(evicting).toBeLessThan(Math.max(below * 5, 0.05));
  });
});
