import { describe, expect, it } from "vitest";
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
    expect(visits(adj, "a", "x")).toEqual(["->y:0:1", "->x:0:0.5", "<-x:0:0.5"]);
    adj.remove("a", "loop");
    expect(visits(adj, "a", "x")).toEqual(["->y:0:1"]);
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
});
