import { describe, expect, it } from "vitest";
import type { EdgeBlock } from "../../ports/traversal.js";
import type { TimeView } from "../../model/time.js";
import { Adjacency, type AdjacencyEdge } from "./adjacency.js";
import { AdjacencyTraversal } from "./adjacency-traversal.js";

const edge = (id: string, from: string, to: string, over: Partial<AdjacencyEdge> = {}): AdjacencyEdge => ({
  ns: "a", id, kind: "link", from, to, weight: 1, validFrom: null, validTo: null, recordedAt: 100, expiredAt: null, ...over,
});

function visits(adjacency: Adjacency, ns: string, id: string, view?: TimeView): string[] {
  const t = new AdjacencyTraversal(adjacency, ns, view);
  const seen: string[] = [];
  t.forEachEdge(t.handle(id), (other, kind, weight, out) => seen.push(`${out ? "->" : "<-"}${t.id(other)}:${kind}:${weight}`));
  return seen;
}

describe("AdjacencyTraversal", () => {
  it("visits each edge from both ends, with kind codes the traversal resolves", () => {
    const adj = new Adjacency();
    adj.upsert(edge("e1", "x", "y", { kind: "next", weight: 0.5 }));
    adj.upsert(edge("e2", "w", "x"));
    const t = new AdjacencyTraversal(adj, "a", undefined);
    expect(visits(adj, "a", "x")).toEqual([`->y:${t.kindCode("next")}:0.5`, `<-w:${t.kindCode("link")}:1`]);
    expect(t.kindCode("causes")).toBe(-1);
    expect(t.nodeBound).toBe(3);
  });

  it("looks ids up in its own namespace only", () => {
    const adj = new Adjacency();
    adj.upsert(edge("e1", "x", "y"));
    adj.upsert(edge("e1", "x", "z", { ns: "b" }));
    expect(visits(adj, "b", "x")).toEqual(["->z:0:1"]);
    expect(new AdjacencyTraversal(adj, "c", undefined).handle("x")).toBe(-1);
  });

  it("applies the time view like visibleIn: validity [validFrom, validTo), knowledge [recordedAt, expiredAt)", () => {
    const adj = new Adjacency();
    adj.upsert(edge("always", "x", "a1"));
    adj.upsert(edge("window", "x", "a2", { validFrom: 10, validTo: 20 }));
    adj.upsert(edge("retracted", "x", "a3", { recordedAt: 100, expiredAt: 200 }));
    const reached = (view?: TimeView) => visits(adj, "a", "x", view).map((v) => v.slice(2, 4));
    expect(reached()).toEqual(["a1", "a2", "a3"]);
    expect(reached({ validAt: 10 })).toEqual(["a1", "a2", "a3"]); // validFrom is inclusive
    expect(reached({ validAt: 20 })).toEqual(["a1", "a3"]); // validTo is exclusive
    expect(reached({ validAt: 9 })).toEqual(["a1", "a3"]);
    expect(reached({ knownAt: 99 })).toEqual([]); // recorded later than that
    expect(reached({ knownAt: 100 })).toEqual(["a1", "a2", "a3"]);
    expect(reached({ knownAt: 200 })).toEqual(["a1", "a2"]); // expiredAt is exclusive
    expect(reached({ validAt: 15, knownAt: 150 })).toEqual(["a1", "a2", "a3"]);
  });

  it("keeps a self-loop's two entries in step", () => {
    const adj = new Adjacency();
    adj.upsert(edge("loop", "x", "x"));
    adj.upsert(edge("other", "x", "y"));
    expect(visits(adj, "a", "x")).toEqual(["->x:0:1", "<-x:0:1", "->y:0:1"]);
    adj.setTimes("a", "loop", 10, null);
    expect(visits(adj, "a", "x", { validAt: 20 })).toEqual(["->y:0:1"]);
    adj.upsert(edge("loop", "x", "x", { weight: 0.5 }));
    expect(visits(adj, "a", "x")).toEqual(["->x:0:0.5", "<-x:0:0.5", "->y:0:1"]); // rewritten in place
    adj.remove("a", "loop");
    expect(visits(adj, "a", "x")).toEqual(["->y:0:1"]);
  });

  it("rewrites an edge in place, where a build from the file puts it, and re-appends one moved to other ends", () => {
    const adj = new Adjacency();
    adj.upsert(edge("e1", "x", "y"));
    adj.upsert(edge("e2", "x", "z"));
    adj.upsert(edge("e1", "x", "y", { kind: "next", weight: 0.25, validTo: 50 }));
    const next = new AdjacencyTraversal(adj, "a", undefined).kindCode("next");
    expect(visits(adj, "a", "x")).toEqual([`->y:${next}:0.25`, "->z:0:1"]);
    expect(visits(adj, "a", "y")).toEqual([`<-x:${next}:0.25`]);
    expect(visits(adj, "a", "x", { validAt: 60 })).toEqual(["->z:0:1"]);
    adj.upsert(edge("e1", "x", "w"));
    expect(visits(adj, "a", "x")).toEqual(["->z:0:1", "->w:0:1"]);
    expect(visits(adj, "a", "y")).toEqual([]);
  });

  it("follows later changes to the adjacency (invalidation, removal)", () => {
    const adj = new Adjacency();
    adj.upsert(edge("e1", "x", "y"));
    adj.upsert(edge("e2", "x", "z"));
    const t = new AdjacencyTraversal(adj, "a", { validAt: 50 });
    adj.setTimes("a", "e1", 40, null);
    adj.remove("a", "e2");
    const seen: number[] = [];
    t.forEachEdge(t.handle("x"), (other) => seen.push(other));
    expect(seen).toEqual([]);
  });

  it("collectEdges agrees with forEachEdge through interleaved writes, views and kind/direction masks", () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const kinds = ["next", "link", "mentions"];
    const adj = new Adjacency();
    const block: EdgeBlock = { others: new Int32Array(1), kinds: new Int32Array(1), weights: new Float64Array(1), reserve(n) {
      if (this.others.length >= n) return;
      this.others = new Int32Array(n);
      this.kinds = new Int32Array(n);
      this.weights = new Float64Array(n);
    } };
    const views: (TimeView | undefined)[] = [undefined, { validAt: 50 }, { knownAt: 100 }, { knownAt: 40 }, { validAt: 30, knownAt: 80 }];
    const masks = [new Uint8Array([3, 3, 3]), new Uint8Array([1, 0, 2]), new Uint8Array([2])];
    let ids = 0;
    for (let round = 0; round < 60; round++) {
      for (let w = 0; w < 1 + Math.floor(rand() * 40); w++) {
        const r = rand();
        const id = `e${Math.floor(rand() * (ids + 1))}`;
        if (r < 0.6) {
          adj.upsert(edge(r < 0.5 ? `e${ids++}` : id, `n${Math.floor(rand() * 30)}`, `n${Math.floor(rand() * 30)}`, {
            kind: kinds[Math.floor(rand() * kinds.length)]!, weight: rand(), recordedAt: Math.floor(rand() * 100),
            validFrom: rand() < 0.2 ? Math.floor(rand() * 60) : null, validTo: rand() < 0.2 ? Math.floor(rand() * 60) : null,
            expiredAt: rand() < 0.1 ? Math.floor(rand() * 100) : null,
          }));
        } else if (r < 0.8) adj.setTimes("a", id, rand() < 0.5 ? Math.floor(rand() * 60) : null, rand() < 0.5 ? Math.floor(rand() * 100) : null);
        else adj.remove("a", id);
      }
      for (const view of views) {
        const t = new AdjacencyTraversal(adj, "a", view);
        for (const mask of masks) {
          for (let n = 0; n < 32; n++) {
            const h = t.handle(`n${n}`);
            if (h < 0) continue;
            const expected: string[] = [];
            t.forEachEdge(h, (other, kind, weight, out) => {
              if (kind < mask.length && (mask[kind]! & (out ? 1 : 2)) !== 0) expected.push(`${other}:${kind}:${weight}`);
            });
            const count = t.collectEdges(h, mask, block);
            const got = Array.from({ length: count }, (_, i) => `${block.others[i]}:${block.kinds[i]}:${block.weights[i]}`);
            expect(got).toEqual(expected);
          }
        }
      }
    }
  });
});
