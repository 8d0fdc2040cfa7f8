import { describe, expect, it } from "vitest";
import type { TimeView } from "../../model/time.js";
import type { TraversalGraph } from "../../ports/traversal.js";
import { forwardPush } from "../../retrieval/activation/forward-push.js";
import { spreadActivation, type SpreadOptions } from "../../retrieval/activation/spreading-activation.js";
import { kindTable } from "../../retrieval/activation/kind-table.js";
import { Adjacency, type AdjacencyEdge } from "./adjacency.js";
import { AdjacencyTraversal } from "./adjacency-traversal.js";
import { REBUILD_MIN } from "./adjacency-snapshot.js";

const KINDS = ["next", "link", "mentions", "member"];
const NOW = 1_000;

/**
 * A seeded random graph: several kinds, weights outside [0, 1] too, and a quarter of the edges
 * time-bounded (some not visible NOW), all among the first third of the nodes: the rest have none,
 * which the hot loop reads by a shortcut (`CompiledEdges.readyFrom`), so both paths are exercised.
 */
function randomEdges(seed: number, nodes: number, count: number, prefix = "e"): AdjacencyEdge[] {
  let x = seed;
  const rand = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: count }, (_, i) => {
    const timed = rand() < 0.25;
    const bound = rand();
    return {
      ns: "a", id: `${prefix}${i}`, kind: KINDS[Math.floor(rand() * KINDS.length)]!,
      from: `n${Math.floor(rand() * (timed ? nodes / 3 : nodes))}`, to: `n${Math.floor(rand() * (timed ? nodes / 3 : nodes))}`,
      weight: i % 17 === 0 ? 0 : i % 13 === 0 ? 1.5 : 0.05 + rand(),
      validFrom: timed && bound < 0.3 ? NOW + 10 : null, // not valid yet
      validTo: timed && bound >= 0.3 && bound < 0.6 ? NOW - 10 : timed && bound >= 0.6 ? NOW + 10 : null,
      recordedAt: 100, expiredAt: timed && bound > 0.9 ? NOW - 1 : null,
    };
  });
}

/** The same view with `compiled` hidden: every node is collected, the path the profile must agree with. */
function collectedOnly(t: AdjacencyTraversal): TraversalGraph {
  return {
    handle: (id) => t.handle(id), id: (h) => t.id(h), kindCode: (k) => t.kindCode(k), get nodeBound() { return t.nodeBound; },
    forEachEdge: (n, visit) => t.forEachEdge(n, visit), collectEdges: (n, mask, into) => t.collectEdges(n, mask, into),
  };
}

/** The view itself, counting the nodes its compiled edges serve: an agreement test must not pass by collecting on both sides. */
function counted(t: AdjacencyTraversal): { graph: TraversalGraph; served: () => number } {
  let served = 0;
  const graph: TraversalGraph = {
    handle: (id) => t.handle(id), id: (h) => t.id(h), kindCode: (k) => t.kindCode(k), get nodeBound() { return t.nodeBound; },
    forEachEdge: (n, visit) => t.forEachEdge(n, visit), collectEdges: (n, mask, into) => t.collectEdges(n, mask, into),
    compiled: (mask, kindWeight) => {
      const c = t.compiled(mask, kindWeight);
      return c && { ...c, prepare: (node) => (c.prepare(node) ? (served++, true) : false), timed: c.timed };
    },
  };
  return { graph, served: () => served };
}

const OPTIONS: SpreadOptions[] = [
  { edgeWeights: { next: 1, link: 0.6, mentions: 0.3, member: 0.8 }, hops: 3, decay: 0.7, threshold: 1e-4, fanOut: 0.5, maxFrontier: 15 },
  { edgeWeights: { next: 1, mentions: 0.5 }, directions: { next: "out", mentions: "in" }, hops: 2, decay: 0.5, threshold: 0, fanOut: 1, fanBy: "kind" },
  { edgeWeights: { link: 1, member: 0.4 }, hops: 4, decay: 0.9, threshold: 0.001, fanOut: 0, epsilon: 0.01, limit: 20 },
];

async function bothWays(adj: Adjacency, seeds: { id: string; activation: number }[], o: SpreadOptions, view: TimeView | undefined = { validAt: NOW, knownAt: NOW }) {
  const inPlace = counted(new AdjacencyTraversal(adj, "a", view));
  const direct = await spreadActivation(inPlace.graph, seeds, o);
  const collected = await spreadActivation(collectedOnly(new AdjacencyTraversal(adj, "a", view)), seeds, o);
  expect(inPlace.served()).toBeGreaterThan(0);
  return { direct, collected };
}

function expectSame(a: Awaited<ReturnType<typeof spreadActivation>>, b: Awaited<ReturnType<typeof spreadActivation>>): void {
  expect(a.stats).toEqual(b.stats);
  expect(a.items.map((i) => i.id)).toEqual(b.items.map((i) => i.id));
  a.items.forEach((item, k) => {
    expect(item.activation).toBeCloseTo(b.items[k]!.activation, 12);
    expect(item.hops).toBe(b.items[k]!.hops);
    expect(item.explanation).toEqual(b.items[k]!.explanation);
  });
}

/** Whether a node's edges were compiled: its end bound is written then (past 0 for any node but the first handle). */
const isCompiled = (c: { bounds: Int32Array }, node: number) => c.bounds[2 * node + 1]! > 0;

describe("compiled edges (edge profiles)", () => {
  it("compile a node when it is first prepared: its admitted edges, kind weights folded in; none for a view known before the last write", () => {
    const adj = new Adjacency();
    const edges = randomEdges(3, 50, 200);
    for (const e of edges) adj.upsert(e);
    const t = new AdjacencyTraversal(adj, "a", { validAt: NOW, knownAt: NOW });
    const table = kindTable(t, { next: 1, link: 0.5 });
    const compiled = t.compiled(table.mask, table.weight)!;
    const node = t.handle("n7");
    expect(isCompiled(compiled, node)).toBe(false); // nothing compiled before it is asked for
    expect(compiled.prepare(node)).toBe(true);
    const [start, end] = [compiled.bounds[2 * node]!, compiled.bounds[2 * node + 1]!];
    // n7's untimed next and link edges, from either end, kind weight × clamped weight
    const mine = edges.filter((e) => (e.kind === "next" || e.kind === "link") && e.validFrom === null && e.validTo === null && e.expiredAt === null);
    const ends = mine.flatMap((e) => [e.from === "n7" ? e : undefined, e.to === "n7" ? e : undefined]).filter((e) => e !== undefined);
    const weightOf = (e: AdjacencyEdge) => (e.kind === "link" ? 0.5 : 1) * Math.min(Math.max(e.weight, 0), 1);
    expect(end - start).toBe(ends.length);
    expect([...compiled.weights.subarray(start, end)].reduce((a, w) => a + w, 0)).toBeCloseTo(ends.reduce((a, e) => a + weightOf(e), 0), 9);
    expect(isCompiled(compiled, t.handle("n8"))).toBe(false); // only what was asked for
    // a second traversal of the same table reuses the compiled node
    const again = new AdjacencyTraversal(adj, "a", { validAt: NOW, knownAt: NOW }).compiled(table.mask, table.weight)!;
    expect(again.bounds[2 * node]).toBe(start);
    const past = new AdjacencyTraversal(adj, "a", { knownAt: 99 });
    expect(past.compiled(table.mask, table.weight)).toBeUndefined();
  });

  it("give spreading activation the same activations, hops and paths as collecting each node, time bounds and all", async () => {
    const adj = new Adjacency();
    for (const e of randomEdges(11, 120, 900)) adj.upsert(e);
    const seeds = [{ id: "n1", activation: 1 }, { id: "n7", activation: 0.6 }, { id: "n40", activation: 0.3 }, { id: "n90", activation: 0.8 }];
    for (const o of OPTIONS) {
      const { direct, collected } = await bothWays(adj, seeds, o);
      expect(direct.stats.relaxedEdges).toBeGreaterThan(50);
      expectSame(direct, collected);
    }
  });

  it("agree for views that leave an axis unconstrained, time-bounded edges included", async () => {
    const adj = new Adjacency();
    for (const e of randomEdges(23, 120, 900)) adj.upsert(e);
    const seeds = [{ id: "n1", activation: 1 }, { id: "n8", activation: 0.5 }];
    for (const view of [undefined, { validAt: NOW }, { knownAt: NOW }]) {
      const { direct, collected } = await bothWays(adj, seeds, OPTIONS[0]!, view);
      expectSame(direct, collected);
    }
  });

  it("explain equally strong paths alike, whichever order a node's edges are read in", async () => {
    const adj = new Adjacency();
    // a reaches b over a time-bounded link (listed first) and an untimed next, equally strong
    adj.upsert({ ns: "a", id: "e1", kind: "link", from: "a", to: "b", weight: 1, validFrom: null, validTo: NOW + 10, recordedAt: 100, expiredAt: null });
    adj.upsert({ ns: "a", id: "e2", kind: "next", from: "a", to: "b", weight: 1, validFrom: null, validTo: null, recordedAt: 100, expiredAt: null });
    const o = { edgeWeights: { next: 1, link: 1 }, hops: 1, decay: 0.5, threshold: 0, fanOut: 0 };
    const { direct, collected } = await bothWays(adj, [{ id: "a", activation: 1 }], o);
    expectSame(direct, collected);
    expect(direct.items.find((i) => i.id === "b")!.activation).toBeCloseTo(1, 12); // 0.5 along each
  });

  it("skip a node's calls only for views after its last time-bounded edge stopped being valid", async () => {
    const adj = new Adjacency();
    const edge = (id: string, from: string, to: string, validTo: number | null, validFrom: number | null = null) => ({ ns: "a", id, kind: "next", from, to, weight: 1, validFrom, validTo, recordedAt: 100, expiredAt: null });
    adj.upsert(edge("e1", "a", "b", null));
    adj.upsert(edge("e6", "m", "n", null, NOW - 50)); // time-bounded, but with no end
    adj.upsert(edge("e2", "a", "c", NOW - 10)); // a fact superseded before NOW
    adj.upsert(edge("e3", "x", "y", null));
    adj.upsert(edge("e4", "x", "z", NOW + 10)); // still valid NOW
    const o = { edgeWeights: { next: 1 }, hops: 2, decay: 0.5, threshold: 0, fanOut: 0 };
    const seeds = [{ id: "a", activation: 1 }, { id: "x", activation: 1 }, { id: "m", activation: 1 }];
    // Infinity first: no node is compiled yet, and none may pass for ready (an Infinity placeholder would)
    for (const validAt of [Infinity, NOW, NOW - 20, Number.NaN]) {
      const view = { validAt, knownAt: NOW };
      const { direct, collected } = await bothWays(adj, seeds, o, view);
      expectSame(direct, collected);
      expect(direct.items.some((i) => i.id === "c")).toBe(validAt < NOW - 10 || Number.isNaN(validAt)); // only views before e2's end, or unconstrained, see it
      expect(direct.items.some((i) => i.id === "n")).toBe(true);
    }
    const t = new AdjacencyTraversal(adj, "a", { validAt: NOW, knownAt: NOW });
    const compiled = t.compiled(kindTable(t, o.edgeWeights).mask, kindTable(t, o.edgeWeights).weight)!;
    // a: ready from its superseded edge's end; x: only once its open one ends; b (no time-bounded edges): always; m: never
    expect([compiled.readyFrom[t.handle("a")], compiled.readyFrom[t.handle("x")], compiled.readyFrom[t.handle("b")], compiled.readyFrom[t.handle("m")]]).toEqual([NOW - 10, NOW + 10, -Infinity, Number.NaN]);
    adj.upsert(edge("e5", "q", "a", null)); // a's list changes: no shortcut until a rebuild
    expect(compiled.readyFrom[t.handle("a")]).toBeNaN();
    const late = await bothWays(adj, seeds, o, { validAt: Infinity, knownAt: NOW });
    expectSame(late.direct, late.collected);
    expect(late.direct.items.some((i) => i.id === "q")).toBe(true);
    expect(compiled.viewTime).toBe(NOW);
    expect(new AdjacencyTraversal(adj, "a", { knownAt: NOW }).compiled(kindTable(t, o.edgeWeights).mask, kindTable(t, o.edgeWeights).weight)!.viewTime).toBe(-Infinity);
  });

  it("leave nodes written since the snapshot to their lists, until a rebuild compiles them in", async () => {
    const adj = new Adjacency();
    for (const e of randomEdges(5, 120, 900)) adj.upsert(e);
    const seeds = [{ id: "n2", activation: 1 }, { id: "n3", activation: 1 }];
    const o = OPTIONS[0]!;
    await bothWays(adj, seeds, o);
    const view = new AdjacencyTraversal(adj, "a", { validAt: NOW, knownAt: NOW });
    const readyBefore = view.compiled(kindTable(view, o.edgeWeights).mask, kindTable(view, o.edgeWeights).weight)!.readyFrom.slice();
    // a few writes: the seeds' own lists change, the profile stays (below the rebuild threshold)
    const later = randomEdges(9, 120, 40, "late").map((e, i) => ({ ...e, from: i % 2 === 0 ? "n2" : e.from }));
    for (const e of later) adj.upsert(e);
    adj.remove("a", "e5");
    adj.upsert({ ...randomEdges(9, 120, 1)[0]!, id: "new", from: "n3", to: "brand-new" }); // a node past the snapshot
    const untimed = randomEdges(5, 120, 900).find((e) => e.validTo === null && e.validFrom === null && e.expiredAt === null && e.kind !== "member")!;
    adj.setTimes("a", untimed.id, NOW - 5, null); // no longer valid NOW
    const after = await bothWays(adj, seeds, o);
    expectSame(after.direct, after.collected);
    const t = new AdjacencyTraversal(adj, "a", { validAt: NOW, knownAt: NOW });
    const table = kindTable(t, o.edgeWeights);
    const compiled = t.compiled(table.mask, table.weight)!;
    expect(compiled.prepare(t.handle("n2"))).toBe(false);
    expect(compiled.prepare(t.handle("brand-new"))).toBe(false);
    expect(compiled.prepare(t.handle(untimed.from))).toBe(false);
    // the hot loop's shortcut is withdrawn from every written node it had been given to
    const written = [...new Set([...later.flatMap((e) => [e.from, e.to]), "n3", untimed.from, untimed.to])].map((id) => t.handle(id));
    expect(written.some((h) => readyBefore[h]! <= NOW)).toBe(true);
    expect(written.filter((h) => !Number.isNaN(compiled.readyFrom[h]))).toEqual([]);
    // enough writes to rebuild: a fresh profile of the new snapshot serves every node
    for (const e of randomEdges(13, 120, REBUILD_MIN + 1, "bulk")) adj.upsert(e);
    const next = t.compiled(table.mask, table.weight)!;
    expect(isCompiled(next, t.handle("n2"))).toBe(false);
    expect(next.prepare(t.handle("n2"))).toBe(true);
    const rebuilt = await bothWays(adj, seeds, o);
    expectSame(rebuilt.direct, rebuilt.collected);
  });

  it("keep the tables used most recently, up to eight", () => {
    const adj = new Adjacency();
    for (const e of randomEdges(29, 60, 300)) adj.upsert(e);
    const t = new AdjacencyTraversal(adj, "a", undefined);
    const node = t.handle("n5");
    const compiledWith = (weight: number) => {
      const table = kindTable(t, { next: 1, link: weight });
      return t.compiled(table.mask, table.weight)!;
    };
    compiledWith(1).prepare(node);
    for (let i = 1; i <= 7; i++) compiledWith(i / 100);
    expect(isCompiled(compiledWith(1), node)).toBe(true); // eight tables: still kept, and now the most recent
    for (let i = 8; i <= 14; i++) compiledWith(i / 100);
    expect(isCompiled(compiledWith(1), node)).toBe(true);
    for (let i = 15; i <= 22; i++) compiledWith(i / 100); // eight newer tables
    expect(isCompiled(compiledWith(1), node)).toBe(false); // dropped, and made afresh
  });

  // Forward push's result depends on push order, and a node's time-bounded edges come after its others in place
  // but interleaved when collected: the two agree within the push's own error bound, the residual left.
  it("give personalized PageRank the same estimates as collecting each node, within the residual", async () => {
    const adj = new Adjacency();
    for (const e of randomEdges(17, 120, 900)) adj.upsert(e);
    const seeds = [{ id: "n4", activation: 1 }, { id: "n9", activation: 2 }];
    const o = { edgeWeights: { next: 1, link: 0.6, mentions: 0.3 }, damping: 0.6, epsilon: 1e-5, limit: 40 };
    const view = { validAt: NOW, knownAt: NOW };
    const run = (g: TraversalGraph) => forwardPush(g, seeds, o);
    const inPlace = counted(new AdjacencyTraversal(adj, "a", view));
    const direct = await run(inPlace.graph);
    const collected = await run(collectedOnly(new AdjacencyTraversal(adj, "a", view)));
    expect(inPlace.served()).toBeGreaterThan(100);
    expect(direct.stats.pushes).toBeGreaterThan(100);
    expect(Math.abs(direct.stats.pushes - collected.stats.pushes)).toBeLessThan(direct.stats.pushes / 50);
    const bound = Math.max(direct.stats.residual, collected.stats.residual);
    const theirs = new Map(collected.items.map((i) => [i.id, i.activation]));
    const common = direct.items.filter((i) => theirs.has(i.id));
    expect(common.length).toBeGreaterThanOrEqual(36);
    for (const item of common) expect(Math.abs(item.activation - theirs.get(item.id)!)).toBeLessThanOrEqual(bound);
  });

  it("give personalized PageRank exactly the collected result where no edge is time-bounded", async () => {
    const adj = new Adjacency();
    for (const e of randomEdges(19, 120, 900)) adj.upsert({ ...e, validFrom: null, validTo: null, expiredAt: null });
    const seeds = [{ id: "n4", activation: 1 }, { id: "n9", activation: 2 }];
    const o = { edgeWeights: { next: 1, link: 0.6, mentions: 0.3 }, damping: 0.6, epsilon: 1e-5, limit: 40 };
    const run = (g: TraversalGraph) => forwardPush(g, seeds, o);
    const inPlace = counted(new AdjacencyTraversal(adj, "a", undefined));
    const direct = await run(inPlace.graph);
    const collected = await run(collectedOnly(new AdjacencyTraversal(adj, "a", undefined)));
    expect(inPlace.served()).toBeGreaterThan(100);
    expect(direct.stats).toEqual(collected.stats);
    expect(direct.items).toEqual(collected.items);
  });
});
