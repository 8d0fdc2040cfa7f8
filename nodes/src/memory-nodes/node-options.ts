import { z } from "zod";
import { namespaceSchema, parseInput, type Memory } from "@hippograph/memory";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { noTrace, type TraceSink } from "../trace/trace-sink.js";

/** A state channel name: what `from`/`to` options hold. */
export const channelSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "channel must be an identifier (letters, digits, _)");

/** Options every memory node shares. `memory` and `trace` are objects, so they are checked apart from Zod. */
export const baseOptionsSchema = z.object({
  /** Node name in traces when LangGraph does not say (a node called outside a graph). */
  name: z.string().min(1).max(64).optional(),
  /** Fixed namespace; otherwise `configurable.memory_ns` of the run, otherwise the memory's default. */
  ns: namespaceSchema.optional(),
});

export interface NodeRuntime {
  memory: Memory;
  trace?: TraceSink;
}

export function requireMemory(runtime: NodeRuntime, context: string): { memory: Memory; trace: TraceSink } {
  if (!runtime || typeof runtime.memory?.search !== "function") {
    throw new TypeError(`${context}: options.memory must be a Memory from createMemory()`);
  }
  return { memory: runtime.memory, trace: runtime.trace ?? noTrace };
}

/**
 * The namespace a node writes to: its own option, then the run's `configurable.memory_ns`, then the
 * default. A numeric `memory_ns` (a user id) is its decimal string; anything else that is not a valid
 * namespace is refused, naming the field: falling back to the default would put users' memories together.
 */
export function resolveNs(fixed: string | undefined, config: LangGraphRunnableConfig | undefined): string | undefined {
  if (fixed !== undefined) return fixed;
  const fromRun = (config?.configurable as Record<string, unknown> | undefined)?.memory_ns;
  if (fromRun === undefined || fromRun === null) return undefined;
  return parseInput(runNamespace, typeof fromRun === "number" && Number.isSafeInteger(fromRun) ? String(fromRun) : fromRun, "run config", "configurable.memory_ns");
}

const runNamespace = z.string({ error: "memory_ns must be a string (or a whole number)" }).pipe(namespaceSchema);

/** The memory's default namespace is what `undefined` means to the facade; traces still want a name. */
export const shownNs = (ns: string | undefined) => ns ?? "(default)";

/** What memory nodes return: a partial state update, typed loosely so it fits any app's annotation. */
export type StateUpdate = Record<string, any>;
export type AnyState = Record<string, any>;
