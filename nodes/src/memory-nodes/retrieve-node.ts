import { z } from "zod";
import { HippographError, kindNameSchema, parseInput, ValidationError, type Issue, type PipelineSpec, type Reranker, type RetrievedItem } from "@hippograph/memory";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { emitTrace } from "../trace/emit.js";
import type { RetrievedMemory } from "./memory-state.js";
import { nodePipeline, rerankerIssues, type NodePipeline } from "./node-pipeline.js";
import { baseOptionsSchema, channelSchema, requireMemory, resolveNs, shownNs, type AnyState, type NodeRuntime, type StateUpdate } from "./node-options.js";
import { queryText } from "./text-of.js";

const optionsSchema = baseOptionsSchema.extend({
  from: channelSchema.default("messages"),
  to: channelSchema.default("memories"),
  /** At most this many items are written to `to` (the pipeline's ranked output, best first). */
  k: z.number().int().min(1).max(1000).default(5),
  /** Keep only these node kinds: applied to the pipeline's final filter (see nodePipeline). */
  kinds: z.array(kindNameSchema).min(1).optional(),
  /** A retrieval pipeline (steps, or `{ steps }`) as JSON data; default: the memory's DEFAULT_PIPELINE. */
  pipeline: z.unknown().optional(),
  /** Also write the packed context text here (the pipeline must end with `pack`). */
  contextTo: channelSchema.optional(),
}).strict();

export type RetrieveNodeOptions = Omit<z.input<typeof optionsSchema>, "pipeline"> & NodeRuntime & {
  /** A retrieval pipeline (steps, or `{ steps }`), validated when the node is made. Default: DEFAULT_PIPELINE. */
  pipeline?: PipelineSpec;
  /** Rerankers the pipeline's `rerank` steps name (`using`). Functions, so not part of a JSON spec. */
  rerankers?: Readonly<Record<string, Reranker>>;
};

/**
 * Retrieval for the text in `from` — a query string, or the last human message — through
 * `memory.retrieve`: a pipeline of graph operators (seed channels, spreading activation or PageRank,
 * fusion, filter, rerank, pack). Invalid options, pipeline included, fail when the node is made.
 * Writes the best `k` items to `to`, each with the lists that scored it (`channels`) and, when a
 * graph operator reached it, the path that did (`explanation`); with `contextTo`, also the packed
 * context text. See docs/retrieval.md for the operators and the default pipeline.
 */
export function retrieveNode(options: RetrieveNodeOptions) {
  const { memory, trace } = requireMemory(options, "retrieveNode");
  const { memory: _m, trace: _t, rerankers, ...rest } = options;
  const issues: Issue[] = [];
  const o = collect(issues, () => parseInput(optionsSchema, rest, "retrieveNode", "options"));
  // The pipeline is checked even when other options are bad, so every problem is reported at once.
  const pipeline = collect(issues, () => nodePipeline(rest.pipeline, { k: o?.k ?? 1, kinds: o?.kinds }));
  if (rerankers !== undefined && (typeof rerankers !== "object" || rerankers === null || Object.values(rerankers).some((f) => typeof f !== "function"))) {
    issues.push({ path: "options.rerankers", message: "rerankers must map names to functions (so a JSON spec cannot give them)" });
  } else if (pipeline) issues.push(...rerankerIssues(pipeline.steps, rerankers));
  if (pipeline && o?.contextTo !== undefined && !pipeline.packs) {
    issues.push({ path: "options.contextTo", message: "the pipeline does not end with a pack step, so there is no context to write" });
  }
  if (issues.length > 0 || !o || !pipeline) throw new ValidationError(issues, "retrieveNode");
  return runner(memory, trace, o, pipeline, rerankers);
}

function runner(
  memory: NodeRuntime["memory"], trace: NonNullable<NodeRuntime["trace"]>, o: z.output<typeof optionsSchema>,
  pipeline: NodePipeline, rerankers: Readonly<Record<string, Reranker>> | undefined,
) {
  const empty = (): StateUpdate => ({ [o.to]: [], ...(o.contextTo ? { [o.contextTo]: "" } : {}) });
  return async (state: AnyState, config?: LangGraphRunnableConfig): Promise<StateUpdate> => {
    const ns = resolveNs(o.ns, config);
    const query = queryText(state[o.from]);
    if (!query?.trim()) return empty();
    const started = Date.now();
    const result = await memory.retrieve(query, {
      ...(ns !== undefined ? { ns } : {}), pipeline: pipeline.steps,
      ...(rerankers ? { rerankers } : {}), ...(config?.signal ? { signal: config.signal } : {}),
    });
    const memories = result.items.slice(0, o.k).map(toMemory);
    emitTrace(trace, config, o.name ?? "retrieve", "memory-retrieve", shownNs(ns), {
      hits: memories.length, ids: memories.map((m) => m.id), ms: Date.now() - started,
      operators: result.trace.map((t) => ({ step: t.step, op: t.op, ms: Math.round(t.ms * 100) / 100, count: t.count })),
      ...(result.context ? { contextTokens: result.context.tokens, contextItems: result.context.items.length } : {}),
    });
    return { [o.to]: memories, ...(o.contextTo ? { [o.contextTo]: result.context?.text ?? "" } : {}) };
  };
}

/** Plain data only: the node record stays in memory, the state keeps what a prompt or a trace needs. */
function toMemory(item: RetrievedItem): RetrievedMemory {
  const { explanation } = item;
  return {
    id: item.id, kind: item.node.kind, text: item.node.text, score: item.score, channels: Object.keys(item.evidence),
    ...(explanation ? { explanation: { seed: explanation.seed, path: explanation.path.map((p) => ({ id: p.id, via: p.via })) } } : {}),
  };
}

function collect<T>(issues: Issue[], make: () => T): T | undefined {
  try {
    return make();
  } catch (error) {
    if (!(HippographError.isInstance(error) && error.code === "VALIDATION")) throw error;
    issues.push(...(error as ValidationError).issues);
    return undefined;
  }
}
