import { ValidationError, type Issue } from "../../errors.js";
import { parseInput } from "../../model/validate.js";
import { pipelineSchema, SEED_OPS, type PipelineSpec, type Step } from "./spec.js";

/** A step with its name and inputs settled. */
export type ResolvedStep = Step & { name: string; from: string[] };

export interface ResolvedPipeline {
  steps: ResolvedStep[];
}

const GRAPH_OPS = new Set(["spread", "ppr"]);
const SINGLE_INPUT = new Set(["filter", "rerank", "recency", "speaker", "pack"]);

/**
 * Validates a pipeline (a `{ steps }` object or a bare array of steps) and settles each step's
 * inputs. Defaults keep simple pipelines short: a graph operator reads every seed step before it,
 * `fuse` reads every seed and graph step before it, and filter/rerank/recency/speaker/pack read the step just
 * before. Every problem is reported at once, at its path (`steps[3].from[0]`).
 */
export function validatePipeline(spec: PipelineSpec): ResolvedPipeline {
  const parsed = parseInput(pipelineSchema, Array.isArray(spec) ? { steps: spec } : spec, "pipeline");
  const issues: Issue[] = [];
  const seen = new Map<string, Step["op"]>();
  const steps: ResolvedStep[] = [];
  parsed.steps.forEach((step, i) => {
    const name = step.name ?? step.op;
    if (seen.has(name)) issues.push({ path: `steps[${i}].name`, message: `duplicate step name "${name}"; name one of them` });
    const from = step.from ?? defaultInputs(step.op, steps);
    if (SEED_OPS.has(step.op) && step.from) issues.push({ path: `steps[${i}].from`, message: `a ${step.op} step reads the query, not other steps` });
    step.from?.forEach((ref, j) => {
      if (!seen.has(ref)) issues.push({ path: `steps[${i}].from[${j}]`, message: `no earlier step is named "${ref}" (earlier: ${[...seen.keys()].join(", ") || "none"})` });
    });
    if (!SEED_OPS.has(step.op) && from.length === 0) issues.push({ path: `steps[${i}]`, message: `${step.op} has no input: put a seed step (bm25, vector, entities, time) before it` });
    if (SINGLE_INPUT.has(step.op) && from.length > 1) issues.push({ path: `steps[${i}].from`, message: `${step.op} reads one list; fuse several first` });
    if (GRAPH_OPS.has(step.op) || step.op === "fuse") {
      const weights = step.op === "fuse" ? step.weights : (step as { seedWeights?: Record<string, number> }).seedWeights;
      for (const key of Object.keys(weights ?? {})) {
        if (!from.includes(key)) issues.push({ path: `steps[${i}].${step.op === "fuse" ? "weights" : "seedWeights"}.${key}`, message: `"${key}" is not an input of this step (inputs: ${from.join(", ")})` });
      }
    }
    if (step.op === "pack" && i !== parsed.steps.length - 1) issues.push({ path: `steps[${i}]`, message: "pack must be the last step" });
    seen.set(name, step.op);
    steps.push({ ...step, name, from } as ResolvedStep);
  });
  if (issues.length > 0) throw new ValidationError(issues, "pipeline");
  return { steps };
}

function defaultInputs(op: Step["op"], earlier: readonly ResolvedStep[]): string[] {
  if (SEED_OPS.has(op)) return [];
  if (GRAPH_OPS.has(op)) return earlier.filter((s) => SEED_OPS.has(s.op)).map((s) => s.name);
  if (op === "fuse") return earlier.filter((s) => SEED_OPS.has(s.op) || GRAPH_OPS.has(s.op)).map((s) => s.name);
  const last = earlier.at(-1);
  return last ? [last.name] : [];
}
