import { z } from "zod";
import {
  DEFAULT_EDGE_WEIGHTS, DEFAULT_PIPELINE, kindNameSchema, parseInput, spreadActivation, spreadOptionsSchema, traversalOf, visibleIn,
  type SpreadOptions, type StepSpec,
} from "@hippograph/memory";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { emitTrace } from "../trace/emit.js";
import type { ActivatedMemory } from "./memory-state.js";
import { baseOptionsSchema, channelSchema, requireMemory, resolveNs, shownNs, type AnyState, type NodeRuntime, type StateUpdate } from "./node-options.js";
import { seedsOf } from "./text-of.js";

/** The default pipeline's spread step: the node spreads as `memory.retrieve` does unless told otherwise. */
const tuned = DEFAULT_PIPELINE.find((s): s is Extract<StepSpec, { op: "spread" }> => s.op === "spread");
const op = spreadOptionsSchema.shape;

const optionsSchema = baseOptionsSchema.extend({
  from: channelSchema.default("memories"),
  to: channelSchema.default("activated"),
  hops: op.hops.unwrap().min(1, "hops must be >= 1").default(tuned?.hops ?? 2),
  decay: op.decay.unwrap().default(tuned?.decay ?? 0.5),
  threshold: op.threshold.unwrap().default(tuned?.threshold ?? 0.01),
  fanOut: op.fanOut.unwrap().default(tuned?.fanOut ?? 1),
  maxFrontier: op.maxFrontier.unwrap().default(tuned?.maxFrontier ?? 1000),
  /** Edge kind → weight in [0, 1]; only kinds weighted > 0 are crossed. Default: DEFAULT_EDGE_WEIGHTS. */
  edgeWeights: op.edgeWeights.optional(),
  /** Shorthand for `edgeWeights`: these kinds, each at weight 1. */
  edgeKinds: z.array(kindNameSchema).min(1).optional(),
  directions: op.directions,
  /** How many activated nodes to return, seeds included, strongest first. */
  limit: z.int("limit must be a whole number").min(1, "limit must be >= 1").max(10_000, "limit must be <= 10000").optional(),
  /** Older name of `limit`. */
  maxNodes: z.int("maxNodes must be a whole number").min(1, "maxNodes must be >= 1").max(10_000, "maxNodes must be <= 10000").optional(),
  /** For stores without an in-memory traversal (Neo4j): at most this many edges are fetched per node and hop. */
  limitPerNode: z.number().int().min(1).max(1000).optional(),
}).strict()
  .refine((o) => !(o.edgeWeights && o.edgeKinds), { path: ["edgeKinds"], message: "give edgeWeights or edgeKinds, not both" })
  .refine((o) => !(o.limit !== undefined && o.maxNodes !== undefined), { path: ["maxNodes"], message: "maxNodes is the older name of limit: give one" });

const DEFAULT_LIMIT = 50;

export type SpreadNodeOptions = z.input<typeof optionsSchema> & NodeRuntime;

/**
 * Spreading activation from the nodes named in `from` (ids, or hits with an `id` and a `score`) over
 * the memory graph: the retrieval layer's `spreadActivation` operator on `traversalOf(stores.graph)`,
 * at the time of the run. A hit seeds with its score scaled to a best of 1, a bare id with 1.
 * Activation adds up where paths meet, fades by `decay` per hop, is divided among a node's edges by
 * `fanOut`, and only the `maxFrontier` strongest nodes above `threshold` fire per hop. Each node comes
 * with the strongest path that reached it (`explanation`). See docs/retrieval.md.
 */
export function spreadNode(options: SpreadNodeOptions) {
  const { memory, trace } = requireMemory(options, "spreadNode");
  const { memory: _m, trace: _t, ...rest } = options;
  const o = parseInput(optionsSchema, rest, "spreadNode", "options");
  const edgeWeights = o.edgeWeights ?? (o.edgeKinds ? Object.fromEntries(o.edgeKinds.map((k) => [k, 1])) : { ...DEFAULT_EDGE_WEIGHTS });
  const spread: SpreadOptions = {
    hops: o.hops, decay: o.decay, threshold: o.threshold, fanOut: o.fanOut, maxFrontier: o.maxFrontier,
    edgeWeights, directions: o.directions, limit: o.limit ?? o.maxNodes ?? DEFAULT_LIMIT,
  };
  parseInput(spreadOptionsSchema, spread, "spreadNode", "options"); // e.g. edgeKinds' weights: caught now, not in a run
  const edgeKinds = Object.keys(edgeWeights).filter((k) => edgeWeights[k]! > 0);
  return async (state: AnyState, config?: LangGraphRunnableConfig): Promise<StateUpdate> => {
    const ns = resolveNs(o.ns, config);
    const seeds = seedsOf(state[o.from]);
    if (seeds.length === 0) {
      emitTrace(trace, config, o.name ?? "spread", "memory-spread", shownNs(ns), { seeds: 0, reached: 0 });
      return { [o.to]: [] };
    }
    const started = Date.now();
    const now = memory.now(); // the memory's clock decides what is valid, as it does for retrieveNode (a replay may set it)
    const view = { validAt: now, knownAt: now };
    const storeNs = ns ?? memory.namespace;
    const graph = traversalOf(memory.stores.graph, {
      ns: storeNs, view, edgeKinds, ...(o.limitPerNode !== undefined ? { limitPerNode: o.limitPerNode } : {}),
    });
    const result = await spreadActivation(graph, seeds, spread);
    const nodes = await memory.stores.graph.getNodes({ ns: storeNs, ids: result.items.map((n) => n.id) });
    const byId = new Map(nodes.filter((n) => visibleIn(n.time, view)).map((n) => [n.id, n]));
    const activated: ActivatedMemory[] = result.items.flatMap((n) => {
      const node = byId.get(n.id);
      return node ? [{
        id: n.id, kind: node.kind, text: node.text, activation: n.activation, hops: n.hops,
        explanation: { seed: n.explanation.seed, path: n.explanation.path.map((p) => ({ id: p.id, via: p.via })) },
      }] : [];
    });
    emitTrace(trace, config, o.name ?? "spread", "memory-spread", shownNs(ns), {
      seeds: seeds.length, reached: activated.length, ids: activated.map((a) => a.id), ms: Date.now() - started,
      hops: result.stats.hops, relaxedEdges: result.stats.relaxedEdges, firedPerHop: result.stats.firedPerHop,
    });
    return { [o.to]: activated };
  };
}
