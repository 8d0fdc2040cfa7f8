import { z } from "zod";
import { namespaceSchema, parseInput, sourceInputSchema, type Memory } from "@hippograph/memory";
import type { RunnableConfig } from "@langchain/core/runnables";
import { emitTrace } from "../trace/emit.js";
import { noTrace, type TraceSink } from "../trace/trace-sink.js";
import { resolveNs, shownNs } from "../memory-nodes/node-options.js";

const optionsSchema = z.object({
  ns: namespaceSchema.optional(),
  /** Who the written memories come from: the model, so an agent's trust (0.7) unless said otherwise, and one id to erase them by. */
  source: sourceInputSchema.prefault({ id: "agent-tools", type: "agent" }),
}).strict();

export interface MemoryToolOptions {
  memory: Memory;
  /** Fixed namespace; otherwise the run's `configurable.memory_ns`, otherwise the memory's default. */
  ns?: string;
  /** Provenance of what the tools write; default `{ id: "agent-tools", type: "agent" }` (trust 0.7). */
  source?: z.input<typeof sourceInputSchema>;
  trace?: TraceSink;
}

/** Checked once when the tools are made, so a bad option fails at startup, not at the first tool call. */
export function toolRuntime(options: MemoryToolOptions, context: string) {
  if (typeof options?.memory?.search !== "function") throw new TypeError(`${context}: options.memory must be a Memory from createMemory()`);
  const o = parseInput(optionsSchema, { ns: options.ns, source: options.source }, context, "options");
  const trace = options.trace ?? noTrace;
  return {
    memory: options.memory,
    source: o.source,
    ns: (config: RunnableConfig | undefined) => resolveNs(o.ns, config),
    trace: (config: RunnableConfig | undefined, tool: string, ns: string | undefined, data: Record<string, unknown>) =>
      emitTrace(trace, config, tool, "tool-call", shownNs(ns), { tool, ...data }),
  };
}
