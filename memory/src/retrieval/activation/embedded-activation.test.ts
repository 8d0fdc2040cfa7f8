import { afterEach, describe, expect, it } from "vitest";
import type { EmbeddedStore } from "../../store/embedded/embedded-store.js";
import { spreadActivation } from "./spreading-activation.js";
import { storeWith, writeEdges } from "./test-store.js";
import { traversalOf } from "./traversal-of.js";

const open: EmbeddedStore[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});
const opts = { edgeWeights: { link: 1 }, decay: 0.5, threshold: 0, fanOut: 1, hops: 1 };
const activations = (items: { id: string; activation: number }[]) => Object.fromEntries(items.map((i) => [i.id, i.activation]));

describe("spreading activation through the embedded store", () => {
  it("serves a traversal for one namespace and view, and hides invalidated edges", async () => {
    const store = await storeWith([["a", "link", "b"], ["a", "link", "c"]]);
    open.push(store);
    const before = Date.now() - 1;
    await store.invalidate({ ns: "t", edgeIds: ["e1"], validTo: Date.now(), change: { actor: "test", reason: "moved out", at: Date.now() } });
    const seeds = [{ id: "a", activation: 1 }];

    // now: a–c is invalid, a's fan is 1: b = 1·0.5/1 = 0.5
    const now = await spreadActivation(store.traversal({ ns: "t", view: { validAt: Date.now() + 1 } }), seeds, opts);
    expect(activations(now.items)).toEqual({ a: 1, b: 0.5 });
    // before the invalidation both edges held: fan 2, b = c = 0.25
    const then = await spreadActivation(store.traversal({ ns: "t", view: { validAt: before } }), seeds, opts);
    expect(activations(then.items)).toEqual({ a: 1, b: 0.25, c: 0.25 });
  });

  it("follows the store's own later writes, and never leaves the namespace", async () => {
    const store = await storeWith([["a", "link", "b"]]);
    open.push(store);
    const traversal = traversalOf(store, { ns: "t", edgeKinds: ["link"] });
    await writeEdges(store, [["a", "link", "c"]], "t", "later");
    await writeEdges(store, [["a", "link", "z"]], "other");
    const r = await spreadActivation(traversal, [{ id: "a", activation: 1 }], opts);
    // a has two edges in "t" now: b = c = 1·0.5/2 = 0.25; "other"'s a–z is not a's edge here
    expect(activations(r.items)).toEqual({ a: 1, b: 0.25, c: 0.25 });
  });

  it("holds only the traversed namespace: its handles span its own nodes, and other namespaces' writes reach their own traversal", async () => {
    const store = await storeWith([["a", "link", "b"]]);
    open.push(store);
    await writeEdges(store, Array.from({ length: 50 }, (_, i) => ["hub", "link", `n${i}`] as const), "big");
    expect(store.traversal({ ns: "t" }).nodeBound).toBe(2); // a and b, not the 51 nodes of "big"
    await spreadActivation(store.traversal({ ns: "big" }), [{ id: "hub", activation: 1 }], opts); // "big" built too
    await writeEdges(store, [["hub", "link", "late"]], "big", "late");
    await writeEdges(store, [["a", "link", "c"]], "t", "later");
    expect(store.traversal({ ns: "t" }).nodeBound).toBe(3);
    const big = await spreadActivation(store.traversal({ ns: "big" }), [{ id: "hub", activation: 1 }], opts);
    expect(big.items.map((i) => i.id)).toContain("late");
    expect(big.items).toHaveLength(52);
  });
});
