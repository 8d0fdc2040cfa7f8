import { z } from "zod";
import { kindNameSchema } from "../../model/kinds.js";
import { pprOptionsSchema } from "../activation/forward-push.js";
import { edgeWeightsSchema } from "../activation/kind-table.js";
import { spreadOptionsSchema } from "../activation/spreading-activation.js";
import { DEFAULT_EDGE_WEIGHTS } from "./default-edge-weights.js";

/**
 * A retrieval pipeline is data: a list of operator steps, JSON-serialisable, validated before it
 * runs. Each step has a name (default: its op) and reads the outputs of earlier steps named in
 * `from`, so a pipeline is a small DAG whose edges always point backwards — it cannot cycle.
 */

const stepName = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, "step name must match /^[a-z][a-z0-9_-]{0,39}$/");
const base = { name: stepName.optional(), from: z.array(stepName).min(1).optional() };
const weight = z.number().min(0).max(100);

export const bm25StepSchema = z.strictObject({ ...base, op: z.literal("bm25"), k: z.number().int().min(1).max(5000).default(50), kinds: z.array(kindNameSchema).min(1).optional() });
export const vectorStepSchema = z.strictObject({ ...base, op: z.literal("vector"), k: z.number().int().min(1).max(5000).default(50), kinds: z.array(kindNameSchema).min(1).optional() });
export const entitiesStepSchema = z.strictObject({
  ...base, op: z.literal("entities"),
  k: z.number().int().min(1).max(1000).default(20),
  /** Also look the query's 1–3 word runs up as entity keys (lower-case names the extractor misses). */
  matchNames: z.boolean().default(true),
  /** Weight of an entity found only by a word run; an extracted one weighs 1. */
  nameMatchWeight: z.number().min(0).max(1).default(0.5),
  /** Rarer entities (fewer mentions) score higher. */
  idf: z.boolean().default(true),
  /** Mentions counted per entity at most: bounds the read on hub entities. */
  mentionCap: z.number().int().min(1).max(100_000).default(256),
});
export const timeStepSchema = z.strictObject({
  ...base, op: z.literal("time"),
  k: z.number().int().min(1).max(5000).default(50),
  kinds: z.array(kindNameSchema).min(1).default(["episode", "event"]),
  /** What relative dates are relative to: the newest memory in the namespace (a conversation's own "now"), or the clock. */
  reference: z.enum(["latest", "now"]).default("latest"),
  /** Nodes read per date window at most (default: max(4k, 64), at most 2,000). */
  scanLimit: z.number().int().min(1).max(100_000).optional(),
});

/** Seeds are the union of the `from` lists, each scaled to a top score of 1, times its weight. */
const seedWeights = z.record(stepName, weight).optional();
const graphBase = { ...base, seedWeights, edgeWeights: edgeWeightsSchema.default({ ...DEFAULT_EDGE_WEIGHTS }), limit: z.number().int().min(1).max(100_000).default(500) };

export const spreadStepSchema = spreadOptionsSchema.extend({ ...graphBase, op: z.literal("spread") }).strict();
export const pprStepSchema = pprOptionsSchema.extend({ ...graphBase, op: z.literal("ppr") }).strict();

export const fuseStepSchema = z.strictObject({
  ...base, op: z.literal("fuse"),
  /** rrf: Σ w / (k + rank), robust to unrelated score scales. weighted: Σ w · score / max score. */
  method: z.enum(["rrf", "weighted"]).default("rrf"),
  k: z.number().int().min(1).max(1000).default(60),
  weights: z.record(stepName, weight).optional(),
  limit: z.number().int().min(1).max(100_000).default(500),
});

export const filterStepSchema = z.strictObject({
  ...base, op: z.literal("filter"),
  /** Keep only these kinds (after resolving nodes; invisible and missing nodes always go). */
  kinds: z.array(kindNameSchema).min(1).optional(),
  k: z.number().int().min(1).max(10_000).default(50),
});

export const rerankStepSchema = z.strictObject({
  ...base, op: z.literal("rerank"),
  /** The name of a reranker passed to `retrieve` in `rerankers`. */
  using: z.string().min(1).max(64),
  /** How many of the input's best items are reranked; the rest keep their order after them. */
  k: z.number().int().min(1).max(1000).default(50),
});

export const recencyStepSchema = z.strictObject({
  ...base, op: z.literal("recency"),
  /** Each item gains weight × B, B = ACT-R base-level activation −decay · ln(age in days + 1) (≤ 0). */
  weight: z.number().min(0).max(100).default(0.1),
  decay: z.number().gt(0).max(5).default(0.5),
  /** Ages from the clock, or from the newest of the items (a replayed conversation's own "now"). */
  reference: z.enum(["now", "latest"]).default("now"),
  /** How many of the input's best items are rescored and kept. */
  k: z.number().int().min(1).max(10_000).default(500),
});

export const speakerStepSchema = z.strictObject({
  ...base, op: z.literal("speaker"),
  /** Score multiplier for a memory spoken by someone the query names (1 changes nothing). */
  boost: z.number().min(1).max(100).default(1.7),
  /** How many of the input's best items are read and rescored; the rest follow unchanged (a boost only raises scores). */
  k: z.number().int().min(1).max(10_000).default(100),
});

export const packStepSchema = z.strictObject({
  ...base, op: z.literal("pack"),
  /** Token budget (estimated at 4 characters a token, which overestimates for English). */
  tokens: z.number().int().min(16).max(1_000_000).default(2000),
  /** Reading order of the packed context: by time within each thread, or by score. */
  order: z.enum(["time", "score"]).default("time"),
});

export const stepSchema = z.discriminatedUnion("op", [
  bm25StepSchema, vectorStepSchema, entitiesStepSchema, timeStepSchema, spreadStepSchema, pprStepSchema,
  fuseStepSchema, filterStepSchema, rerankStepSchema, recencyStepSchema, speakerStepSchema, packStepSchema,
]);

export const pipelineSchema = z.strictObject({ steps: z.array(stepSchema).min(1).max(64) });

export type StepSpec = z.input<typeof stepSchema>;
export type Step = z.output<typeof stepSchema>;
export type PipelineSpec = z.input<typeof pipelineSchema> | StepSpec[];
export type Pipeline = z.output<typeof pipelineSchema>;

export const SEED_OPS: ReadonlySet<Step["op"]> = new Set(["bm25", "vector", "entities", "time"]);
