import { describe, expect, it } from "vitest";
import { AdjacencyTraversal } from "../../memory/src/store/embedded/adjacency-traversal.js";
import { spreadActivation } from "../../memory/src/retrieval/activation/spreading-activation.js";
import { bareLoopEdgesPerSec } from "./bare-spread.js";
import { buildMemoryGraph, SPREAD_PARAMS } from "./spread.js";
import { mulberry32 } from "./synthetic.js";

describe("the bare-loop yardstick", () => {
  it("relaxes exactly the edges the operator relaxes for the same seeds (same spreads, so the rates compare)", async () => {
    const g = buildMemoryGraph({ edges: 20_000, seed: 7 });
    const now = Date.UTC(2026, 0, 1);
    const view = () => new AdjacencyTraversal(g.adjacency, "bench", { validAt: now, knownAt: now });
    const rng = mulberry32(3);
    const seeds = Array.from({ length: 12 }, () => Array.from({ length: 4 }, () => ({ id: `n${Math.floor(rng() * g.seedable)}`, activation: 0.5 + rng() })));
    const params = { ...SPREAD_PARAMS, maxFrontier: 300 };
    let relaxed = 0;
    for (const s of seeds) relaxed += (await spreadActivation(view(), s, { ...params, limit: 50 })).stats.relaxedEdges;
    const bare = bareLoopEdgesPerSec(view(), seeds, params);
    expect(relaxed).toBeGreaterThan(1000);
    expect(bare.relaxedPerQuery).toBe(Math.round(relaxed / seeds.length));
  });
});
