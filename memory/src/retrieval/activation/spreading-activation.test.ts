import { describe, expect, it } from "vitest";
import { ValidationError } from "../../errors.js";
import { spreadActivation, type SpreadOptions } from "./spreading-activation.js";
import { withScratch } from "./node-scratch.js";
import { testGraph, type TestEdge } from "./test-graph.js";

const byId = (items: { id: string; activation: number }[]) => Object.fromEntries(items.map((i) => [i.id, i.activation]));
const close = (actual: Record<string, number>, expected: Record<string, number>) => {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [id, x] of Object.entries(expected)) expect(actual[id], id).toBeCloseTo(x, 12);
};
const base: SpreadOptions = { edgeWeights: { link: 1 }, decay: 0.5, threshold: 0, fanOut: 0, hops: 2 };

describe("spreadActivation", () => {
  it("decays along a chain, hop by hop, and explains each node by its path", async () => {
    const g = testGraph([["a", "next", "b"], ["b", "next", "c"], ["c", "next", "d"]]);
    const r = await spreadActivation(g, [{ id: "a", activation: 1 }], { ...base, edgeWeights: { next: 1 }, directions: { next: "out" }, hops: 3 });
    // a = 1 (seed); b = 1·0.5 = 0.5; c = 0.5·0.5 = 0.25; d = 0.25·0.5 = 0.125
    close(byId(r.items), { a: 1, b: 0.5, c: 0.25, d: 0.125 });
    expect(r.items.map((i) => [i.id, i.hops])).toEqual([["a", 0], ["b", 1], ["c", 2], ["d", 3]]);
    expect(r.items[3]!.explanation).toEqual({ seed: "a", path: [{ id: "b", via: "next" }, { id: "c", via: "next" }, { id: "d", via: "next" }] });
    expect(r.items[0]!.explanation).toEqual({ seed: "a", path: [] });
    expect(r.stats).toEqual({ hops: 3, relaxedEdges: 3, firedPerHop: [1, 1, 1], frontierSizes: [1, 1, 1], reached: 4 });
  });

  it("explains activation below the smallest normal double without a cycle", async () => {
    // 5e-324 × 0.9 rounds back to 5e-324: b and c reach each other as strongly as a reaches them, and a tie
    // between equals used to make each the other's parent, so explaining either never ended.
    const g = testGraph([["b", "next", "c"], ["a", "next", "b"], ["a", "next", "c"]]);
    const r = await spreadActivation(g, [{ id: "a", activation: 5e-324 }], { ...base, edgeWeights: { next: 1 }, decay: 0.9, hops: 2 });
    for (const item of r.items) expect(item.explanation.path.length).toBeLessThanOrEqual(2);
    expect(r.items.find((i) => i.id === "b")!.explanation.seed).toBe("a");
  });

  it("flows back along undirected edges, adding up at the seed", async () => {
    const g = testGraph([["a", "next", "b"], ["b", "next", "c"]]);
    const r = await spreadActivation(g, [{ id: "a", activation: 1 }], { ...base, edgeWeights: { next: 1 } });
    // hop 1: a → b: 0.5. hop 2: b (Δ 0.5, no fan division) → a: 0.25, → c: 0.25. a = 1 + 0.25.
    close(byId(r.items), { a: 1.25, b: 0.5, c: 0.25 });
  });

  it("divides by the fan at a hub (fanOut 1 = by degree, 0.5 = by √degree)", async () => {
    const g = testGraph([["h", "link", "x1"], ["h", "link", "x2"], ["h", "link", "x3"], ["h", "link", "x4"]]);
    const seeds = [{ id: "h", activation: 1 }];
    // degree 4: 1·0.5/4 = 0.125 each
    close(byId((await spreadActivation(g, seeds, { ...base, hops: 1, fanOut: 1 })).items), { h: 1, x1: 0.125, x2: 0.125, x3: 0.125, x4: 0.125 });
    // √4 = 2: 1·0.5/2 = 0.25 each
    close(byId((await spreadActivation(g, seeds, { ...base, hops: 1, fanOut: 0.5 })).items), { h: 1, x1: 0.25, x2: 0.25, x3: 0.25, x4: 0.25 });
  });

  it("stops at nodes that received less than the threshold", async () => {
    const g = testGraph([["a", "link", "b"], ["b", "link", "c"]]);
    const r = await spreadActivation(g, [{ id: "a", activation: 1 }], { ...base, directions: { link: "out" }, threshold: 0.6, hops: 5 });
    // a fires (1 ≥ 0.6) → b = 0.5; b received 0.5 < 0.6, so it does not fire and c stays dark.
    close(byId(r.items), { a: 1, b: 0.5 });
    expect(r.stats.hops).toBe(1);
    expect(r.stats.firedPerHop).toEqual([1]);
  });

  it("lets only the maxFrontier nodes that received most fire next (lateral inhibition)", async () => {
    const g = testGraph([
      ["s", "link", "a", 0.9], ["s", "link", "b", 0.5], ["s", "link", "c", 0.7],
      ["a", "link", "a2"], ["b", "link", "b2"], ["c", "link", "c2"],
    ]);
    const r = await spreadActivation(g, [{ id: "s", activation: 1 }], { ...base, directions: { link: "out" }, maxFrontier: 2 });
    // hop 1: a = 0.5·0.9 = 0.45, b = 0.5·0.5 = 0.25, c = 0.5·0.7 = 0.35 → a and c fire, b is inhibited.
    // hop 2: a2 = 0.45·0.5 = 0.225, c2 = 0.35·0.5 = 0.175; b2 is never reached.
    close(byId(r.items), { s: 1, a: 0.45, b: 0.25, c: 0.35, a2: 0.225, c2: 0.175 });
    expect(r.stats.firedPerHop).toEqual([1, 2]);
    expect(r.stats.frontierSizes).toEqual([3, 2]);
    expect(r.stats.reached).toBe(6); // s, a, b, c, a2, c2: b is reached though it does not fire
  });

  it("breaks frontier ties by id", async () => {
    const g = testGraph([["s", "link", "z"], ["s", "link", "m"], ["s", "link", "b"], ["z", "link", "z2"], ["m", "link", "m2"], ["b", "link", "b2"]]);
    const r = await spreadActivation(g, [{ id: "s", activation: 1 }], { ...base, directions: { link: "out" }, maxFrontier: 2 });
    // z, m, b all receive 0.5; the two smallest ids (b, m) fire: b2 = m2 = 0.25.
    close(byId(r.items), { s: 1, z: 0.5, m: 0.5, b: 0.5, b2: 0.25, m2: 0.25 });
  });

  it("flows member → hyperedge → other members, divided by the hyperedge's fan", async () => {
    const g = testGraph([["H", "member", "m1"], ["H", "member", "m2"], ["H", "member", "m3"]]);
    const r = await spreadActivation(g, [{ id: "m1", activation: 1 }], { ...base, edgeWeights: { member: 1 }, fanOut: 1 });
    // hop 1: m1 has one edge: H = 1·0.5/1 = 0.5. hop 2: H fans out to 3 members: 0.5·0.5/3 = 1/12 each.
    close(byId(r.items), { m1: 1 + 1 / 12, H: 0.5, m2: 1 / 12, m3: 1 / 12 });
    expect(r.items.find((i) => i.id === "m3")!.explanation).toEqual({ seed: "m1", path: [{ id: "H", via: "member" }, { id: "m3", via: "member" }] });
  });

  it("weighs edges by kind and by their own weight, and never crosses a kind of weight 0", async () => {
    const g = testGraph([["a", "link", "b", 0.8], ["a", "mentions", "c"], ["a", "relates", "d"], ["a", "causes", "e"]]);
    const r = await spreadActivation(g, [{ id: "a", activation: 1 }], { ...base, hops: 1, fanOut: 1, edgeWeights: { link: 1, relates: 0.5, mentions: 0 } });
    // traversable: link, relates → fan 2 (mentions has weight 0, causes is not listed).
    // b = 1·0.5·1·0.8/2 = 0.2; d = 1·0.5·0.5·1/2 = 0.125
    close(byId(r.items), { a: 1, b: 0.2, d: 0.125 });
  });

  it("sums activation at intersections and explains by the strongest source", async () => {
    const g = testGraph([["a", "link", "c"], ["b", "link", "c"]]);
    const r = await spreadActivation(g, [{ id: "b", activation: 0.6 }, { id: "a", activation: 1 }], { ...base, hops: 1, directions: { link: "out" } });
    // c = 1·0.5 + 0.6·0.5 = 0.8; the stronger path comes from a
    close(byId(r.items), { a: 1, b: 0.6, c: 0.8 });
    expect(r.items.find((i) => i.id === "c")!.explanation).toEqual({ seed: "a", path: [{ id: "c", via: "link" }] });
  });

  it("replaces an explanation when a stronger path arrives later", async () => {
    const g = testGraph([["s", "link", "x", 0.2], ["s", "link", "y"], ["x", "link", "t"], ["y", "link", "t"]]);
    const r = await spreadActivation(g, [{ id: "s", activation: 1 }], { ...base, directions: { link: "out" } });
    // x = 0.1, y = 0.5; t = 0.1·0.5 + 0.5·0.5 = 0.3, strongest through y (0.25 > 0.05)
    close(byId(r.items), { s: 1, x: 0.1, y: 0.5, t: 0.3 });
    expect(r.items.find((i) => i.id === "t")!.explanation).toEqual({ seed: "s", path: [{ id: "y", via: "link" }, { id: "t", via: "link" }] });
  });

  it("returns seeds without edges as they are, sums repeated seeds and sorts ties by id", async () => {
    const g = testGraph([["a", "link", "b"]]);
    const r = await spreadActivation(g, [{ id: "lonely", activation: 0.5 }, { id: "a", activation: 0.25 }, { id: "a", activation: 0.25 }, { id: "zero", activation: 0 }], { ...base, hops: 1 });
    // a = 0.25 + 0.25 = 0.5 (ties with lonely, a first by id); b = 0.5·0.5 = 0.25
    expect(r.items.map((i) => [i.id, i.activation])).toEqual([["a", 0.5], ["lonely", 0.5], ["b", 0.25]]);
  });

  it("limits the result and leaves no state behind for the next query", async () => {
    const g = testGraph([["h", "link", "x1"], ["h", "link", "x2"], ["h", "link", "x3"]]);
    const first = await spreadActivation(g, [{ id: "h", activation: 1 }], { ...base, hops: 1, limit: 2 });
    expect(first.items.map((i) => i.id)).toEqual(["h", "x1"]);
    const again = await spreadActivation(g, [{ id: "x2", activation: 1 }], { ...base, hops: 1, fanOut: 1 });
    // x2's only edge: h = 0.5; nothing of the first query remains
    close(byId(again.items), { x2: 1, h: 0.5 });
  });

  it("hands its scratch back clean: no pending, strength, total or path bookkeeping left on any node", async () => {
    const g = testGraph([["a", "link", "b"], ["b", "link", "c"], ["c", "link", "d"], ["a", "link", "c"]]);
    const r = await spreadActivation(g, [{ id: "a", activation: 1 }, { id: "d", activation: 0.5 }], { ...base, hops: 3, limit: 2 });
    expect(r.items).toHaveLength(2);
    await withScratch(g.nodeBound, async (s) => {
      const dirty = (a: ArrayLike<number>, clean: number) => Array.from(a).slice(0, g.nodeBound).filter((x) => x !== clean);
      expect([dirty(s.value, 0), dirty(s.pending, 0), dirty(s.strength, 0), dirty(s.hop, -1), dirty(s.marks, 0)]).toEqual([[], [], [], [], []]);
      expect([s.touchedCount, s.log.length]).toEqual([0, 0]);
    });
  });

  it("rejects options that would let activation grow or cycle, naming the field", async () => {
    const g = testGraph([["a", "link", "b"]]);
    const seeds = [{ id: "a", activation: 1 }];
    await expect(spreadActivation(g, seeds, { ...base, decay: 1 })).rejects.toThrow(/decay: decay must be < 1/);
    await expect(spreadActivation(g, seeds, { ...base, edgeWeights: { link: 2 } })).rejects.toThrow(/edgeWeights\.link: edge kind weights must be <= 1/);
    await expect(spreadActivation(g, seeds, { ...base, edgeWeights: { link: 0 } })).rejects.toBeInstanceOf(ValidationError);
    await expect(spreadActivation(g, seeds, { ...base, fanOut: 2 })).rejects.toThrow(/fanOut must be in \[0, 1\]/);
  });
});

describe("spreadActivation: per-kind fan and epsilon", () => {
  it("fanBy kind divides by the count of the edge's own kind only", async () => {
    // h —mentions→ a1, a2, a3, a4; h —next→ b. Seed h = 1, decay 0.5, fanOut 1.
    // fanBy "kind": each mention gets 1 × 0.5 / 4 = 0.125; b gets 1 × 0.5 / 1 = 0.5.
    // fanBy "node": every neighbour gets 1 × 0.5 / 5 = 0.1.
    const edges: TestEdge[] = [["h", "mentions", "a1"], ["h", "mentions", "a2"], ["h", "mentions", "a3"], ["h", "mentions", "a4"], ["h", "next", "b"]];
    const base = { hops: 1, decay: 0.5, fanOut: 1, threshold: 0, edgeWeights: { mentions: 1, next: 1 } } as const;
    const byKind = await spreadActivation(testGraph(edges), [{ id: "h", activation: 1 }], { ...base, fanBy: "kind" });
    const value = (r: typeof byKind, id: string) => r.items.find((x) => x.id === id)?.activation;
    expect(value(byKind, "a1")).toBeCloseTo(0.125, 12);
    expect(value(byKind, "b")).toBeCloseTo(0.5, 12);
    const byNode = await spreadActivation(testGraph(edges), [{ id: "h", activation: 1 }], { ...base, fanBy: "node" });
    expect(value(byNode, "a1")).toBeCloseTo(0.1, 12);
    expect(value(byNode, "b")).toBeCloseTo(0.1, 12);
  });

  it("epsilon drops contributions too small to matter, and the neighbours they would reach", async () => {
    // Same star; with fanBy kind, mentions carry 0.125 each and next 0.5; epsilon 0.2 keeps only b.
    const edges: TestEdge[] = [["h", "mentions", "a1"], ["h", "mentions", "a2"], ["h", "mentions", "a3"], ["h", "mentions", "a4"], ["h", "next", "b"]];
    const r = await spreadActivation(testGraph(edges), [{ id: "h", activation: 1 }], {
      hops: 1, decay: 0.5, fanOut: 1, fanBy: "kind", epsilon: 0.2, threshold: 0, edgeWeights: { mentions: 1, next: 1 },
    });
    expect(r.items.map((x) => x.id).sort()).toEqual(["b", "h"]);
  });
});
