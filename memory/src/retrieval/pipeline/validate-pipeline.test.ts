import { describe, expect, it } from "vitest";
import { ValidationError } from "../../errors.js";
import { DEFAULT_PIPELINE } from "./default-pipeline.js";
import { validatePipeline } from "./validate-pipeline.js";

function issuesOf(spec: unknown): { path: string; message: string }[] {
  try {
    validatePipeline(spec as never);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues as { path: string; message: string }[];
  }
  throw new Error("expected a ValidationError");
}

describe("validatePipeline", () => {
  it("accepts the default pipeline and settles each step's inputs", () => {
    const p = validatePipeline([...DEFAULT_PIPELINE]);
    expect(p.steps.map((s) => s.name)).toEqual(["bm25", "events", "time", "spread", "speaker", "filter", "pack"]);
    expect(p.steps[3]!.from).toEqual(["bm25", "events", "time"]);
    expect(p.steps[4]!.from).toEqual(["spread"]);
    expect(p.steps[5]!.from).toEqual(["speaker"]);
    expect(p.steps[6]!.from).toEqual(["filter"]);
  });

  it("is JSON: a pipeline survives a round trip through JSON unchanged", () => {
    const spec = JSON.parse(JSON.stringify({ steps: DEFAULT_PIPELINE }));
    expect(validatePipeline(spec)).toEqual(validatePipeline([...DEFAULT_PIPELINE]));
  });

  it("defaults fuse to every seed and graph step before it", () => {
    const p = validatePipeline([{ op: "bm25" }, { op: "vector" }, { op: "spread", from: ["bm25"] }, { op: "fuse" }]);
    expect(p.steps[3]!.from).toEqual(["bm25", "vector", "spread"]);
  });

  it("names the path of every problem at once", () => {
    const issues = issuesOf({ steps: [{ op: "bm25", k: 0 }, { op: "spread", decay: 1.5 }, { op: "fuse", from: ["nope"] }] });
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(["steps[0].k", "steps[1].decay"]));
  });

  it("rejects references to unknown or later steps, duplicate names, and a misplaced pack", () => {
    const issues = issuesOf([
      { op: "bm25" }, { op: "fuse", from: ["later"] }, { op: "vector", name: "later" }, { op: "bm25" }, { op: "pack" }, { op: "filter" },
    ]);
    expect(issues).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: "steps[1].from[0]", message: expect.stringContaining('no earlier step is named "later"') }),
      expect.objectContaining({ path: "steps[3].name", message: expect.stringContaining("duplicate") }),
      expect.objectContaining({ path: "steps[4]", message: "pack must be the last step" }),
    ]));
  });

  it("rejects an operator with no input, weights for a list it does not read, and seeds with inputs", () => {
    const issues = issuesOf([{ op: "spread" }, { op: "bm25", from: ["spread"] }, { op: "fuse", weights: { vector: 1 } }]);
    expect(issues).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: "steps[0]", message: expect.stringContaining("has no input") }),
      expect.objectContaining({ path: "steps[1].from" }),
      expect.objectContaining({ path: "steps[2].weights.vector" }),
    ]));
  });

  it("lets a speaker step read one list, with a boost of at least 1", () => {
    const issues = issuesOf([{ op: "bm25" }, { op: "vector" }, { op: "speaker", from: ["bm25", "vector"], boost: 0.5 }]);
    expect(issues).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: "steps[2].boost" }),
    ]));
    expect(issuesOf([{ op: "bm25" }, { op: "vector" }, { op: "speaker", from: ["bm25", "vector"] }])).toEqual([
      expect.objectContaining({ path: "steps[2].from", message: "speaker reads one list; fuse several first" }),
    ]);
  });

  it("rejects unknown operators and unknown options", () => {
    expect(issuesOf([{ op: "magic" }])[0]!.path).toBe("steps[0].op");
    expect(issuesOf([{ op: "bm25", topK: 3 }])[0]!.path).toBe("steps[0]");
  });
});
