import { describe, expect, it } from "vitest";
import type { WireNode, WireRetrieval, WireRole } from "../wire/wire.js";
import { addNeighbourhood, KIND_COLORS, OTHER_KIND_COLOR, pathEdges, retrievalGraph } from "./to-graph.js";

const node = (id: string, kind: string, text = `text of ${id}`): WireNode => ({ id, kind, text, at: null, attrs: {}, source: { id: "s", type: "user", trust: 1 } });
const role = (r: Partial<WireRole>): WireRole => ({ rank: null, score: null, activation: null, seed: false, evidence: {}, path: [], ...r });

function retrieval(): WireRetrieval {
  return {
    query: "q", ns: "n", steps: [], ranking: ["e1", "e2"], omitted: 0, context: null, view: { validAt: "2026-01-01T00:00:00.000Z", knownAt: "2026-01-01T00:00:00.000Z" },
    nodes: [node("e1", "episode"), node("e2", "episode", "x".repeat(100)), node("ent", "entity"), node("h", "hyperedge"), node("c", "custom_kind", "")],
    edges: [
      { id: "m1", kind: "mentions", from: "e1", to: "ent", weight: 1 },
      { id: "m2", kind: "mentions", from: "e2", to: "ent", weight: 0.5 },
      { id: "n1", kind: "next", from: "e1", to: "e2", weight: 1 },
      { id: "gone", kind: "next", from: "e2", to: "not-drawn", weight: 1 },
    ],
    roles: {
      e1: role({ rank: 1, score: 2, activation: 4, seed: true }),
      e2: role({ rank: 2, score: 1, activation: 1, path: [{ id: "e1", via: "seed" }, { id: "ent", via: "mentions" }, { id: "e2", via: "mentions" }] }),
      ent: role({ activation: 1 }),
      h: role({ activation: 0 }),
    },
  };
}

describe("retrievalGraph", () => {
  it("sizes by activation relative to the strongest, never a ranked item below 6", () => {
    const g = retrievalGraph(retrieval());
    expect(g.getNodeAttribute("e1", "size")).toBeCloseTo(15); // 3 + 12·√(4/4)
    expect(g.getNodeAttribute("ent", "size")).toBeCloseTo(9); // 3 + 12·√(1/4)
    expect(g.getNodeAttribute("e2", "size")).toBeCloseTo(9); // ranked, above the floor already
    expect(g.getNodeAttribute("h", "size")).toBe(3); // activation 0: the base size
    expect(g.getNodeAttribute("c", "size")).toBe(3); // no role
  });

  it("colours by kind, labels ranked items with their rank and cuts long texts", () => {
    const g = retrievalGraph(retrieval());
    expect(g.getNodeAttribute("ent", "color")).toBe(KIND_COLORS["entity"]);
    expect(g.getNodeAttribute("c", "color")).toBe(OTHER_KIND_COLOR);
    expect(g.getNodeAttribute("e1", "label")).toBe("#1 text of e1");
    expect(g.getNodeAttribute("e2", "label")).toBe(`#2 ${"x".repeat(39)}…`);
    expect(g.getNodeAttribute("c", "label")).toBe("custom_kind");
    expect(g.getNodeAttribute("e1", "forceLabel")).toBe(true);
    expect(g.getNodeAttribute("ent", "forceLabel")).toBe(false);
  });

  it("keeps edges between drawn nodes only, and lays out the same way every time", () => {
    const a = retrievalGraph(retrieval());
    const b = retrievalGraph(retrieval());
    expect(a.edges().sort()).toEqual(["m1", "m2", "n1"]);
    for (const id of a.nodes()) {
      expect(Number.isFinite(a.getNodeAttribute(id, "x"))).toBe(true);
      expect(a.getNodeAttribute(id, "x")).toBe(b.getNodeAttribute(id, "x"));
      expect(a.getNodeAttribute(id, "y")).toBe(b.getNodeAttribute(id, "y"));
    }
  });
});

describe("pathEdges", () => {
  it("finds each step's edge of the kind it came by, in either direction", () => {
    const g = retrievalGraph(retrieval());
    // e1 →mentions→ ent is the edge m1; ent →mentions→ e2 runs against m2 (e2 → ent).
    expect(pathEdges(g, retrieval().roles["e2"]!.path)).toEqual(["m1", "m2"]);
  });

  it("skips a step whose kind or node is not drawn", () => {
    const g = retrievalGraph(retrieval());
    expect(pathEdges(g, [{ id: "e1", via: "seed" }, { id: "e2", via: "link" }])).toEqual([]); // e1–e2 is next, not link
    expect(pathEdges(g, [{ id: "e1", via: "seed" }, { id: "ghost", via: "next" }, { id: "e2", via: "next" }])).toEqual([]);
  });
});

describe("addNeighbourhood", () => {
  it("rings new neighbours around the node, leaves drawn ones in place, and adds each edge once", () => {
    const g = retrievalGraph(retrieval());
    const before = { x: g.getNodeAttribute("ent", "x"), y: g.getNodeAttribute("ent", "y") };
    const { x, y } = g.getNodeAttributes("e1");
    addNeighbourhood(g, "e1", {
      node: node("e1", "episode"), more: false,
      nodes: [node("ent", "entity"), node("n1", "note"), node("n2", "note", "")],
      edges: [{ id: "m1", kind: "mentions", from: "e1", to: "ent", weight: 1 }, { id: "l1", kind: "link", from: "n1", to: "e1", weight: 0.5 }, { id: "l2", kind: "link", from: "e1", to: "n2", weight: 0.5 }],
    });
    expect({ x: g.getNodeAttribute("ent", "x"), y: g.getNodeAttribute("ent", "y") }).toEqual(before);
    for (const id of ["n1", "n2"]) expect(Math.hypot(g.getNodeAttribute(id, "x") - x, g.getNodeAttribute(id, "y") - y)).toBeCloseTo(40);
    expect(g.getNodeAttribute("n2", "label")).toBe("note");
    expect(g.getNodeAttribute("n1", "size")).toBe(3);
    expect(g.edges().sort()).toEqual(["l1", "l2", "m1", "m2", "n1"]);
  });
});
