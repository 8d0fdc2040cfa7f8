import { describe, expect, it } from "vitest";
import { aggregate, scoreQuestion } from "./locomo-metrics.js";

describe("LoCoMo retrieval metrics", () => {
  it("recall@k counts gold turns in the top k", () => {
    const ranked = ["a", "x", "y", "z", "w", "b", "v", "u", "t", "s", "c"];
    const s = scoreQuestion(ranked, ["a", "b", "c"]);
    // a at rank 1, b at rank 6, c at rank 11: 1/3 in the top 5, 2/3 in the top 10, 3/3 in the top 25.
    expect(s.r5).toBeCloseTo(1 / 3);
    expect(s.r10).toBeCloseTo(2 / 3);
    expect(s.r25).toBe(1);
    // DCG = 1/log2(2) + 1/log2(7) = 1 + 0.35621; ideal (3 gold) = 1 + 1/log2(3) + 1/log2(4) = 2.13093.
    expect(s.ndcg10).toBeCloseTo(1.35621 / 2.13093, 4);
  });

  it("averages per category and overall, each question weighing the same", () => {
    const one = { r5: 1, r10: 1, r25: 1, ndcg10: 1 };
    const none = { r5: 0, r10: 0, r25: 0, ndcg10: 0 };
    const a = aggregate([{ category: 1, score: one }, { category: 1, score: none }, { category: 4, score: one }]);
    expect(a.byCategory["1"]!.r10).toBe(0.5);
    expect(a.byCategory["4"]!.r10).toBe(1);
    expect(a.overall.r10).toBe(0.667);
    expect(a.questions).toBe(3);
  });
});
