import { z } from "zod";
import { kindNameSchema, parseInput } from "@hippograph/memory";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { emitTrace } from "../trace/emit.js";
import { baseOptionsSchema, channelSchema, requireMemory, resolveNs, shownNs, type AnyState, type NodeRuntime, type StateUpdate } from "./node-options.js";
import { spreadFrom } from "./spread.js";
import { idsOf } from "./text-of.js";

const optionsSchema = baseOptionsSchema.extend({
  from: channelSchema.default("memories"),
  to: channelSchema.default("activated"),
  hops: z.number().int().min(1).max(6).default(2),
  decay: z.number().gt(0).max(1).default(0.5),
  limitPerNode: z.number().int().min(1).max(1000).default(16),
  maxNodes: z.number().int().min(1).max(10_000).default(50),
  edgeKinds: z.array(kindNameSchema).min(1).optional(),
}).strict();

export type SpreadNodeOptions = z.input<typeof optionsSchema> & NodeRuntime;

/**
 * Spreads from the nodes named in `from` (ids, or hits with an `id`) to their graph neighbourhood.
 * Interim implementation: a bounded BFS with decay (see spread.ts) until the retrieval operators land.
 */
export function spreadNode(options: SpreadNodeOptions) {
  const { memory, trace } = requireMemory(options, "spreadNode");
  const { memory: _m, trace: _t, ...rest } = options;
  const o = parseInput(optionsSchema, rest, "spreadNode", "options");
  return async (state: AnyState, config?: LangGraphRunnableConfig): Promise<StateUpdate> => {
    const ns = resolveNs(o.ns, config);
    const seeds = idsOf(state[o.from]);
    const activated = seeds.length === 0 ? [] : await spreadFrom(memory, seeds, {
      ns, hops: o.hops, decay: o.decay, limitPerNode: o.limitPerNode, maxNodes: o.maxNodes, now: Date.now(),
      ...(o.edgeKinds ? { edgeKinds: o.edgeKinds } : {}),
    });
    emitTrace(trace, config, o.name ?? "spread", "memory-spread", shownNs(ns), { seeds: seeds.length, reached: activated.length });
    return { [o.to]: activated };
  };
}
