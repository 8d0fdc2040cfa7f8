import { describe, expect, it } from "vitest";
import type { ScoredList } from "../scored.js";
import { fuseLists } from "./fuse-lists.js";

const list = (name: string, ...items: [string, number][]): ScoredList => ({ name, items: items.map(([id, score]) => ({ id, score, evidence: {} })) });

describe("fuseLists", () => {
  const a = list("a", ["x", 10], ["y", 5]);
  const b = list("b", ["y", 0.9], ["z", 0.3]);

  it("rrf: Σ w / (k + rank)", () => {
    const fused = fuseLists([a, b], { method: "rrf", k: 60, limit: 10, weights: { b: 2 } });
    // y: 1/(60+2) + 2/(60+1) = 0.016129 + 0.032787 = 0.048916; z: 2/62 = 0.032258; x: 1/61 = 0.016393.
    expect(fused.map((f) => f.id)).toEqual(["y", "z", "x"]);
    expect(fused[0]!.score).toBeCloseTo(0.048916, 5);
    expect(fused[0]!.evidence).toEqual({ a: { rank: 2, score: 5 }, b: { rank: 1, score: 0.9 } });
  });

  it("weighted: Σ w · score / top score of the list", () => {
    const fused = fuseLists([a, b], { method: "weighted", limit: 10 });
    // x: 10/10 = 1; y: 5/10 + 0.9/0.9 = 1.5; z: 0.3/0.9 = 0.3333.
    expect(fused.map((f) => [f.id, Number(f.score.toFixed(4))])).toEqual([["y", 1.5], ["x", 1], ["z", 0.3333]]);
  });

  it("a weight of 0 drops a list, and limit truncates", () => {
    expect(fuseLists([a, b], { method: "weighted", limit: 10, weights: { a: 0 } }).map((f) => f.id)).toEqual(["y", "z"]);
    expect(fuseLists([a, b], { method: "rrf", k: 60, limit: 1 })).toHaveLength(1);
  });

  it("keeps the first explanation an input gave", () => {
    const explained: ScoredList = { name: "spread", items: [{ id: "z", score: 1, evidence: {}, explanation: { seed: "y", path: [{ id: "z", via: "next" }] } }] };
    expect(fuseLists([b, explained], { method: "rrf", k: 60, limit: 10 }).find((f) => f.id === "z")!.explanation).toEqual({ seed: "y", path: [{ id: "z", via: "next" }] });
  });
});
