import { z } from "zod";
import { parseInput, sourceInputSchema, type EpisodeInput } from "@hippograph/memory";
import { BaseMessage } from "@langchain/core/messages";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { emitTrace } from "../trace/emit.js";
import { baseOptionsSchema, channelSchema, requireMemory, resolveNs, shownNs, type AnyState, type NodeRuntime, type StateUpdate } from "./node-options.js";
import { messageText } from "./text-of.js";

const optionsSchema = baseOptionsSchema.extend({
  from: channelSchema.default("messages"),
  to: channelSchema.default("written"),
  /** Only the last N messages; by default all of them (re-adding a stored message id is a no-op). */
  last: z.number().int().min(1).optional(),
  /** Conversation the episodes chain into; default: the run's thread id. */
  thread: z.string().min(1).max(256).optional(),
  /** Provenance of human turns (agent turns are `{ id: "agent", type: "agent" }`). */
  userSource: sourceInputSchema.optional(),
}).strict();

export type ObserveNodeOptions = z.input<typeof optionsSchema> & NodeRuntime;

/**
 * Writes the conversation into memory as episodes. Message ids become episode ids, so running this node
 * every turn stores each message once and chains it into its thread with `next` edges.
 */
export function observeNode(options: ObserveNodeOptions) {
  const { memory, trace } = requireMemory(options, "observeNode");
  const { memory: _m, trace: _t, ...rest } = options;
  const o = parseInput(optionsSchema, rest, "observeNode", "options");
  return async (state: AnyState, config?: LangGraphRunnableConfig): Promise<StateUpdate> => {
    const ns = resolveNs(o.ns, config);
    const all: unknown[] = Array.isArray(state[o.from]) ? state[o.from] : [state[o.from]];
    const messages = all.filter((m): m is BaseMessage => BaseMessage.isInstance(m) && ["human", "ai"].includes(m.getType()));
    const chosen = (o.last ? messages.slice(-o.last) : messages).filter((m) => messageText(m).trim().length > 0);
    if (chosen.length === 0) return {};
    const thread = o.thread ?? (config?.configurable?.thread_id as string | undefined);
    const episodes: EpisodeInput[] = chosen.map((m) => ({
      ...(m.id ? { id: m.id } : {}),
      text: messageText(m),
      speaker: m.name ?? m.getType(),
      ...(thread ? { thread } : {}),
      source: m.getType() === "human" ? (o.userSource ?? { id: "user", type: "user" }) : { id: "agent", type: "agent" },
    }));
    const nodes = await memory.addEpisodes(episodes, { ns, reason: "observed in conversation" });
    const ids = nodes.map((n) => n.id);
    emitTrace(trace, config, o.name ?? "observe", "memory-write", shownNs(ns), { kind: "episode", ids });
    return { [o.to]: ids };
  };
}
