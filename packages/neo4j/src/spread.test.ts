import { describe, expect, it } from "vitest";
import { KindRegistry } from "@hippograph/memory";
import { MAX_SPREAD_HOPS, spreadActivation } from "./cypher/spread.js";
import { spreadReference, type SpreadEdge } from "./spread-reference.js";

/**
 * a→b (0.5), a→c (1), b→d (1), c→d (0.5), d→e (1), x→a (1, mentions), old: a→e closed at t=10.
 */
const edges: SpreadEdge[] = [
  { id: "ab", kind: "link", from: "a", to: "b", weight: 0.5 },
  { id: "ac", kind: "link", from: "a", to: "c", weight: 1 },
  { id: "bd", kind: "link", from: "b", to: "d", weight: 1 },
  { id: "cd", kind: "link", from: "c", to: "d", weight: 0.5 },
  { id: "de", kind: "link", from: "d", to: "e", weight: 1 },
  { id: "xa", kind: "mentions", from: "x", to: "a", weight: 1 },
  { id: "ae", kind: "link", from: "a", to: "e", weight: 1, time: { validFrom: null, validTo: 10, recordedAt: 0, expiredAt: null } },
];
const base = { seeds: [{ id: "a", activation: 1 }], decay: 0.5, threshold: 0 };
const byId = (rows: { id: string; activation: number }[]) => Object.fromEntries(rows.map((r) => [r.id, r.activation]));

describe("spreading activation reference", () => {
  it("sums seed · Π(weight · decay) over every path, capped at maxHops", () => {
    const one = byId(spreadReference(edges, { ...base, maxHops: 1, view: { validAt: 20 } }));
    expect(one).toEqual({ a: 1, b: 0.25, c: 0.5 });
    const two = byId(spreadReference(edges, { ...base, maxHops: 2, view: { validAt: 20 } }));
    // d: a→b→d = 0.25·0.5 ; a→c→d = 0.5·0.25
    expect(two.d).toBeCloseTo(0.125 + 0.125, 12);
    const three = byId(spreadReference(edges, { ...base, maxHops: 3, view: { validAt: 20 } }));
    expect(three.e).toBeCloseTo(0.25 * 0.5, 12);
  });

  it("respects the view, edge kinds, direction, minWeight and threshold", () => {
    expect(byId(spreadReference(edges, { ...base, maxHops: 1, view: { validAt: 5 } })).e).toBe(0.5);
    expect(byId(spreadReference(edges, { ...base, maxHops: 1, direction: "in" }))).toEqual({ a: 1, x: 0.5 });
    expect(byId(spreadReference(edges, { ...base, maxHops: 1, direction: "in", edgeKinds: ["link"] }))).toEqual({ a: 1 });
    expect(byId(spreadReference(edges, { ...base, maxHops: 1, minWeight: 0.6, view: { validAt: 20 } }))).toEqual({ a: 1, c: 0.5 });
    expect(spreadReference(edges, { ...base, maxHops: 2, threshold: 0.3, view: { validAt: 20 } }).map((r) => r.id)).toEqual(["a", "c"]);
  });

  it("undirected paths never reuse an edge, so a→b→a counts but a→b→(same edge)→b does not loop", () => {
    const pair: SpreadEdge[] = [{ id: "ab", kind: "link", from: "a", to: "b", weight: 1 }];
    expect(byId(spreadReference(pair, { ...base, maxHops: 4, direction: "both" }))).toEqual({ a: 1, b: 0.5 });
  });

  it("the Cypher pushdown carries weights, decay and thresholds as parameters and bounds the hops", () => {
    const kinds = new KindRegistry();
    const s = spreadActivation(kinds, { ...base, ns: "t", maxHops: 3, minWeight: 0.1, direction: "both", edgeKinds: ["link", "nope"] })!;
    expect(s.text).toContain("*1..3]");
    expect(s.text).toContain(":LINK*");
    expect(s.params).toMatchObject({ ns: "t", decay: 0.5, threshold: 0, minWeight: 0.1 });
    expect(() => spreadActivation(kinds, { ...base, ns: "t", maxHops: MAX_SPREAD_HOPS + 1 })).toThrow(RangeError);
    expect(() => spreadActivation(kinds, { ...base, ns: "t", maxHops: 1.5 })).toThrow(RangeError);
    expect(spreadActivation(kinds, { ...base, ns: "t", maxHops: 2, edgeKinds: ["nope"] })).toBeUndefined();
  });
});
