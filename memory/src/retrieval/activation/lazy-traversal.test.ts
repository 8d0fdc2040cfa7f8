import { afterEach, describe, expect, it } from "vitest";
import type { GraphStore, NeighborQuery } from "../../ports/graph-store.js";
import type { EmbeddedStore } from "../../store/embedded/embedded-store.js";
import { forwardPush } from "./forward-push.js";
import { LazyTraversal } from "./lazy-traversal.js";
import { spreadActivation } from "./spreading-activation.js";
import { storeWith } from "./test-store.js";
import { traversalOf } from "./traversal-of.js";

const open: EmbeddedStore[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

/** A backend with no in-memory traversal (as Neo4j): only `neighbors`, recorded call by call. */
function remote(store: EmbeddedStore): { graph: GraphStore; calls: NeighborQuery[] } {
  const calls: NeighborQuery[] = [];
  const graph = { neighbors: async (q: NeighborQuery) => (calls.push(q), store.neighbors(q)) } as unknown as GraphStore;
  return { graph, calls };
}

const CHAIN = [["a", "link", "b"], ["b", "link", "c"], ["c", "link", "d"], ["b", "mentions", "m"]] as const;

describe("LazyTraversal", () => {
  it("fetches each hop's unloaded frontier with one neighbors call", async () => {
    const store = await storeWith(CHAIN);
    open.push(store);
    const { graph, calls } = remote(store);
    const lazy = traversalOf(graph, { ns: "t", edgeKinds: ["link"], limitPerNode: 50 });
    expect(lazy).toBeInstanceOf(LazyTraversal);
    const r = await spreadActivation(lazy, [{ id: "a", activation: 1 }], { edgeWeights: { link: 1 }, decay: 0.5, threshold: 0, fanOut: 0, hops: 3 });
    // hop 1 fires a; hop 2 fires b; hop 3 fires a and c, and a is already loaded.
    expect(calls.map((c) => c.ids)).toEqual([["a"], ["b"], ["c"]]);
    expect(calls[0]).toEqual({ ns: "t", ids: ["a"], direction: "both", view: undefined, edgeKinds: ["link"], limitPerNode: 50 });
    // a = 1 + 0.25 (back from b in hop 2); b = 0.5 + 0.125 (from a) + 0.125 (from c) in hop 3; c = 0.25; d = 0.125
    expect(Object.fromEntries(r.items.map((i) => [i.id, i.activation]))).toEqual({ a: 1.25, b: 0.75, c: 0.25, d: 0.125 });
  });

  it("gives the same ranking as the in-memory traversal", async () => {
    const store = await storeWith(CHAIN);
    open.push(store);
    const options = { edgeWeights: { link: 1, mentions: 0.5 }, decay: 0.7, threshold: 0, fanOut: 1, hops: 4 };
    const seeds = [{ id: "b", activation: 1 }, { id: "d", activation: 0.3 }];
    const local = await spreadActivation(store.traversal({ ns: "t" }), seeds, options);
    const lazy = await spreadActivation(new LazyTraversal(remote(store).graph, { ns: "t", edgeKinds: ["link", "mentions"] }), seeds, options);
    expect(lazy.items.map((i) => [i.id, i.hops, i.explanation])).toEqual(local.items.map((i) => [i.id, i.hops, i.explanation]));
    lazy.items.forEach((item, n) => expect(item.activation).toBeCloseTo(local.items[n]!.activation, 12));

    const pprLocal = await forwardPush(store.traversal({ ns: "t" }), seeds, { edgeWeights: { link: 1 }, epsilon: 1e-6 });
    const pprLazy = await forwardPush(new LazyTraversal(remote(store).graph, { ns: "t", edgeKinds: ["link"] }), seeds, { edgeWeights: { link: 1 }, epsilon: 1e-6 });
    expect(pprLazy.items.map((i) => i.id)).toEqual(pprLocal.items.map((i) => i.id));
    pprLazy.items.forEach((item, n) => expect(item.activation).toBeCloseTo(pprLocal.items[n]!.activation, 12));
  });
});
