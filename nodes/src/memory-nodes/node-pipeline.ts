import {
  DEFAULT_PIPELINE, HippographError, validatePipeline, ValidationError,
  type Issue, type PipelineSpec, type Reranker, type ResolvedStep, type StepSpec,
} from "@hippograph/memory";

/** Items a filter step keeps when the node has to add one (the filter op's own default). */
const ADDED_FILTER_K = 50;

export interface NodePipeline {
  /** The pipeline `memory.retrieve` runs, as validated step data (JSON). */
  steps: StepSpec[];
  /** Whether it ends with `pack`, i.e. whether a run yields a context text. */
  packs: boolean;
}

/**
 * The pipeline a retrieve node runs: the one given (or DEFAULT_PIPELINE), validated when the node
 * is made, with the node's `kinds` applied to its final filter — the last step before `pack`:
 *
 * - if that step is a `filter`, `kinds` replaces its kinds; with the default pipeline its `k` is
 *   also raised to the node's `k`, so `k` above 50 is honoured (a given pipeline's `k`s are its own);
 * - otherwise a `filter` step (named "kinds") is inserted after it, and a `pack` that read it reads
 *   the filter instead, so the packed context holds only those kinds too.
 *
 * Errors are ValidationErrors at `options.pipeline.steps[i]…`, every issue at once.
 */
export function nodePipeline(spec: unknown, o: { k: number; kinds?: readonly string[] | undefined }): NodePipeline {
  const own = spec === undefined;
  const resolved = rerooted("options.pipeline", () => validatePipeline((own ? [...DEFAULT_PIPELINE] : spec) as PipelineSpec)).steps;
  const steps = resolved.map((s) => ({ ...s, from: [...s.from] })) as ResolvedStep[];
  const packs = steps.at(-1)?.op === "pack";
  const lastAt = steps.length - (packs ? 2 : 1);
  const last = steps[lastAt]!; // validation guarantees pack has an input before it
  if (last.op === "filter") {
    if (o.kinds) last.kinds = [...o.kinds];
    if (own && last.k < o.k) last.k = o.k;
  } else if (o.kinds) {
    const name = unusedName("kinds", steps);
    steps.splice(lastAt + 1, 0, { op: "filter", name, from: [last.name], kinds: [...o.kinds], k: Math.max(o.k, ADDED_FILTER_K) });
    const pack = packs ? steps.at(-1)! : undefined;
    if (pack && pack.from.length === 1 && pack.from[0] === last.name) pack.from = [name];
  }
  // Seed steps read the query: their resolved `from` is empty, and an explicit one is an error.
  const out = steps.map(({ from, ...step }) => (from.length > 0 ? { ...step, from } : step)) as StepSpec[];
  return { steps: out, packs };
}

/** Each `rerank` step must name a reranker the node was given: memory.retrieve has no others. */
export function rerankerIssues(steps: readonly StepSpec[], rerankers: Readonly<Record<string, Reranker>> | undefined): Issue[] {
  const have = Object.keys(rerankers ?? {});
  return steps.flatMap((s, i) => (s.op === "rerank" && typeof rerankers?.[s.using] !== "function"
    ? [{ path: `options.pipeline.steps[${i}].using`, message: `no reranker named "${s.using}" (options.rerankers: ${have.join(", ") || "none"})` }]
    : []));
}

function unusedName(base: string, steps: readonly ResolvedStep[]): string {
  const taken = new Set(steps.map((s) => s.name));
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  return name;
}

/** Runs `make`; a ValidationError's paths are re-rooted under `at` ("steps[1].from[0]" → "options.pipeline.steps[1].from[0]"). */
function rerooted<T>(at: string, make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (!(HippographError.isInstance(error) && error.code === "VALIDATION")) throw error;
    const issues = (error as ValidationError).issues.map((i) => ({ path: i.path && i.path !== "(root)" ? `${at}.${i.path}` : at, message: i.message }));
    throw new ValidationError(issues, "retrieveNode");
  }
}
