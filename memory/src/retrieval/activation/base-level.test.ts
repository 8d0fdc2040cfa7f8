import { describe, expect, it } from "vitest";
import { baseLevel } from "./base-level.js";

const DAY = 86_400_000;

describe("baseLevel", () => {
  it("is ln Σ (days + 1)^−d", () => {
    expect(baseLevel([0])).toBe(0); // ln 1
    expect(baseLevel([3 * DAY])).toBeCloseTo(-Math.log(2), 12); // −0.5·ln 4
    expect(baseLevel([0, 3 * DAY])).toBeCloseTo(Math.log(1.5), 12); // ln(1 + 4^−0.5)
    expect(baseLevel([DAY], 1)).toBeCloseTo(-Math.log(2), 12); // ln(2^−1)
  });

  it("treats future times as now and no use at all as −∞", () => {
    expect(baseLevel([-DAY])).toBe(0);
    expect(baseLevel([])).toBe(Number.NEGATIVE_INFINITY);
  });
});
