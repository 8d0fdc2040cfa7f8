import { z } from "zod";
import type { Tracer } from "../trace/tracer.js";
import { namespaceSchema } from "../model/namespace.js";
import { timeViewSchema } from "../model/time.js";
import { parseInput } from "../model/validate.js";
import { DEFAULT_PIPELINE } from "./pipeline/default-pipeline.js";
import { runPipeline, type Reranker, type RetrievalResult } from "./pipeline/run-pipeline.js";
import type { PipelineSpec } from "./pipeline/spec.js";
import { validatePipeline, type ResolvedPipeline } from "./pipeline/validate-pipeline.js";
import type { RetrievalContext } from "./retrieval-context.js";

export const retrieveOptionsSchema = z.strictObject({
  ns: namespaceSchema.optional(),
  /** Steps or `{ steps }`; validated on its own so errors name `steps[i]…`. Default: DEFAULT_PIPELINE. */
  pipeline: z.unknown().optional(),
  /** Look from another time. Default: facts valid now, as we know them now. */
  view: timeViewSchema.optional(),
  rerankers: z.record(z.string(), z.custom<Reranker>((f) => typeof f === "function", "a reranker must be a function")).optional(),
  signal: z.custom<AbortSignal>((s) => s instanceof AbortSignal, "signal must be an AbortSignal").optional(),
});

export type RetrieveOptions = Omit<z.input<typeof retrieveOptionsSchema>, "pipeline" | "rerankers"> & {
  pipeline?: PipelineSpec;
  rerankers?: Readonly<Record<string, Reranker>>;
};

const querySchema = z.string().trim().min(1, "query must not be empty").max(10_000, "query must be at most 10,000 characters");

const defaultPipeline = validatePipeline([...DEFAULT_PIPELINE]);

/** Validates the call, settles the pipeline, and runs it. The facade supplies stores, clock and tracer. */
export async function retrieve(
  base: Omit<RetrievalContext, "query" | "view" | "ns" | "signal">, query: string, options: RetrieveOptions,
  scope: { ns: (ns: string | undefined) => string; tracer: (ns: string) => Tracer },
): Promise<RetrievalResult> {
  const text = parseInput(querySchema, query, "retrieve", "query");
  const o = parseInput(retrieveOptionsSchema, options, "retrieve");
  const pipeline: ResolvedPipeline = o.pipeline === undefined ? defaultPipeline : validatePipeline(o.pipeline as PipelineSpec);
  const ns = scope.ns(o.ns);
  const ctx: RetrievalContext = {
    ...base, ns, query: text, view: { validAt: base.now, knownAt: base.now, ...o.view }, ...(o.signal ? { signal: o.signal } : {}),
  };
  return runPipeline(pipeline, ctx, { tracer: scope.tracer(ns), ...(o.rerankers ? { rerankers: o.rerankers } : {}) });
}
