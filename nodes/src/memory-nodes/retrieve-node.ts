import { z } from "zod";
import { kindNameSchema, parseInput } from "@hippograph/memory";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { emitTrace } from "../trace/emit.js";
import type { RetrievedMemory } from "./memory-state.js";
import { baseOptionsSchema, channelSchema, requireMemory, resolveNs, shownNs, type AnyState, type NodeRuntime, type StateUpdate } from "./node-options.js";
import { queryText } from "./text-of.js";

const optionsSchema = baseOptionsSchema.extend({
  from: channelSchema.default("messages"),
  to: channelSchema.default("memories"),
  k: z.number().int().min(1).max(1000).default(5),
  kinds: z.array(kindNameSchema).min(1).optional(),
}).strict();

export type RetrieveNodeOptions = z.input<typeof optionsSchema> & NodeRuntime;

/**
 * Hybrid search (BM25 + vectors, fused) for the text in `from` — a query string, or the last human
 * message. Graph operators (spreading activation, PPR) will slot in here when the retrieval layer lands.
 */
export function retrieveNode(options: RetrieveNodeOptions) {
  const { memory, trace } = requireMemory(options, "retrieveNode");
  const { memory: _m, trace: _t, ...rest } = options;
  const o = parseInput(optionsSchema, rest, "retrieveNode", "options");
  return async (state: AnyState, config?: LangGraphRunnableConfig): Promise<StateUpdate> => {
    const ns = resolveNs(o.ns, config);
    const query = queryText(state[o.from]);
    if (!query?.trim()) return { [o.to]: [] };
    const started = Date.now();
    const hits = await memory.search(query, { ns, k: o.k, ...(o.kinds ? { kinds: o.kinds } : {}) });
    const memories: RetrievedMemory[] = hits.map((h) => ({
      id: h.id, kind: h.node.kind, text: h.node.text, score: h.score, channels: Object.keys(h.channels),
    }));
    emitTrace(trace, config, o.name ?? "retrieve", "memory-retrieve", shownNs(ns), {
      hits: memories.length, ids: memories.map((m) => m.id), ms: Date.now() - started,
    });
    return { [o.to]: memories };
  };
}
