import { describe, expect, it } from "vitest";
import { forwardPush } from "./forward-push.js";
import { testGraph, type TestEdge } from "./test-graph.js";

/**
 * Reference PPR by power iteration on a dense matrix: π = (1 − d)·s + d·πP, where P(u, v) ∝
 * kindWeight × clamp(edge weight) over u's traversable edges in both directions, and a node
 * without one keeps the walk (P(u, u) = 1).
 */
function powerIteration(edges: readonly TestEdge[], kindWeights: Record<string, number>, seeds: Record<string, number>, d: number): Record<string, number> {
  const ids = [...new Set([...edges.flatMap(([f, , t]) => [f, t]), ...Object.keys(seeds)])];
  const at = new Map(ids.map((id, i) => [id, i]));
  const n = ids.length;
  const P = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const [from, kind, to, weight = 1] of edges) {
    const w = (kindWeights[kind] ?? 0) * Math.min(1, Math.max(0, weight));
    if (w === 0) continue;
    P[at.get(from)!]![at.get(to)!]! += w;
    P[at.get(to)!]![at.get(from)!]! += w;
  }
  P.forEach((row, u) => {
    const sum = row.reduce((a, b) => a + b, 0);
    if (sum === 0) row[u] = 1;
    else row.forEach((x, v) => (row[v] = x / sum));
  });
  const total = Object.values(seeds).reduce((a, b) => a + b, 0);
  const s = ids.map((id) => (seeds[id] ?? 0) / total);
  let pi = [...s];
  for (let iter = 0; iter < 200; iter++) {
    const next = s.map((x) => (1 - d) * x);
    for (let u = 0; u < n; u++) for (let v = 0; v < n; v++) next[v]! += d * pi[u]! * P[u]![v]!;
    pi = next;
  }
  return Object.fromEntries(ids.map((id, i) => [id, pi[i]!]));
}

describe("forwardPush", () => {
  it("matches the closed form on two nodes", async () => {
    // π_a = 0.5 + 0.5·π_b and π_b = 0.5·π_a (each node's only edge leads to the other) → π_a = 2/3, π_b = 1/3
    const r = await forwardPush(testGraph([["a", "link", "b"]]), [{ id: "a", activation: 1 }], { edgeWeights: { link: 1 }, epsilon: 1e-9 });
    expect(r.items.map((i) => i.id)).toEqual(["a", "b"]);
    expect(r.items[0]!.activation).toBeCloseTo(2 / 3, 8);
    expect(r.items[1]!.activation).toBeCloseTo(1 / 3, 8);
  });

  it("agrees with power iteration within the residual it reports", async () => {
    const edges: TestEdge[] = [
      ["a", "link", "b"], ["a", "link", "c", 0.5], ["b", "relates", "c"], ["c", "link", "d"], ["d", "link", "e", 0.2],
      ["e", "link", "f"], ["f", "relates", "a"], ["b", "mentions", "x"], ["H", "member", "c"], ["H", "member", "e"],
    ];
    const kindWeights = { link: 1, relates: 0.5, member: 0.8, mentions: 0 };
    const seeds = { a: 2, e: 1, lonely: 1 };
    const epsilon = 1e-4;
    const r = await forwardPush(testGraph(edges), Object.entries(seeds).map(([id, activation]) => ({ id, activation })), { edgeWeights: kindWeights, epsilon });
    const truth = powerIteration(edges, kindWeights, seeds, 0.5);
    const got = Object.fromEntries(r.items.map((i) => [i.id, i.activation]));

    const sum = r.items.reduce((a, i) => a + i.activation, 0);
    expect(sum).toBeLessThanOrEqual(1 + 1e-12);
    expect(sum).toBeCloseTo(1 - r.stats.residual, 12);
    // Every residual left is below epsilon × max(degree, 1). Traversable degrees: a 3, b 2, c 4, d 2, e 3,
    // f 2, H 2 (x's only edge has weight 0) → Σ = 18, so the residual mass is below 18·epsilon.
    expect(r.stats.residual).toBeLessThan(18 * epsilon);
    // p = π − Σ_u r_u·PPR(u): estimates are low, by at most the residual mass.
    for (const [id, pi] of Object.entries(truth)) {
      const diff = pi - (got[id] ?? 0);
      expect(diff, id).toBeGreaterThanOrEqual(-1e-12);
      expect(diff, id).toBeLessThanOrEqual(r.stats.residual + 1e-12);
    }
    expect(got.x).toBeUndefined(); // behind a kind of weight 0
    expect(got.lonely).toBe(0.25); // no edges: keeps its whole share
  });

  it("explains nodes by their strongest path and stops at maxPushes", async () => {
    const g = testGraph([["a", "link", "b"], ["b", "next", "c"]]);
    const r = await forwardPush(g, [{ id: "a", activation: 1 }], { edgeWeights: { link: 1, next: 1 } });
    expect(r.items.find((i) => i.id === "c")!.explanation).toEqual({ seed: "a", path: [{ id: "b", via: "link" }, { id: "c", via: "next" }] });

    const cut = await forwardPush(g, [{ id: "a", activation: 1 }], { edgeWeights: { link: 1, next: 1 }, maxPushes: 1 });
    // one push at a: keeps 1 − 0.5 = 0.5, passes 0.5 to b as residual
    expect(cut.items.map((i) => [i.id, i.activation])).toEqual([["a", 0.5]]);
    expect(cut.stats).toMatchObject({ pushes: 1, truncated: true, residual: 0.5 });
  });

  it("rejects a damping that never restarts", async () => {
    await expect(forwardPush(testGraph([["a", "link", "b"]]), [], { edgeWeights: { link: 1 }, damping: 1 })).rejects.toThrow(/damping must be in \(0, 1\)/);
  });
});
