import { Annotation, messagesStateReducer } from "@langchain/langgraph";
import { ValidationError } from "@hippograph/memory";
import type { ChannelSpec } from "../spec/state-spec.js";
import { writeProblem } from "./typed-writes.js";

type Reducer = (current: unknown, update: unknown) => unknown;

const REDUCE: Record<string, Reducer> = {
  replace: (_a, b) => b,
  append: (a, b) => [...(Array.isArray(a) ? a : []), ...(Array.isArray(b) ? b : [b])],
  sum: (a, b) => (typeof a === "number" ? a : 0) + (b as number),
  merge: (a, b) => ({ ...(a as object | undefined), ...(b as object | undefined) }),
};

/** The reducer with the channel's declared type enforced on every write it sees (see typed-writes.ts). */
function typed(name: string, ch: ChannelSpec, reduce: Reducer): Reducer {
  if (ch.type === "messages" || ch.type === "any") return reduce;
  return (current, update) => {
    if (update === undefined) return current; // writes nothing, as on an empty channel (where LangGraph skips the reducer)
    const problem = writeProblem(ch, update);
    if (problem) throw new ValidationError([{ path: `state.${name}`, message: problem }], "graph state");
    return reduce(current, update);
  };
}

function initial(ch: ChannelSpec): (() => unknown) | undefined {
  // structuredClone: a default array must not be shared (and mutated) across runs.
  if (ch.default !== undefined) return () => structuredClone(ch.default);
  if (ch.type === "messages" || ch.type === "array") return () => [];
  if (ch.type === "object") return () => ({});
  if (ch.type === "number" && ch.reducer === "sum") return () => 0;
  return undefined;
}

/** The spec's `state` as a LangGraph Annotation.Root: one channel per entry, with its typed reducer and default. */
export function buildState(state: Record<string, ChannelSpec>) {
  const channels: Record<string, unknown> = {};
  for (const [name, ch] of Object.entries(state)) {
    const reducer = ch.type === "messages" ? (messagesStateReducer as Reducer) : typed(name, ch, REDUCE[ch.reducer ?? "replace"]!);
    const fallback = initial(ch);
    channels[name] = fallback ? Annotation<unknown>({ reducer, default: fallback }) : Annotation<unknown>({ reducer, default: () => undefined });
  }
  // Channel types are only known at run time; the spec was validated, so the loose typing stops here.
  return Annotation.Root(channels as Record<string, ReturnType<typeof Annotation<unknown>>>);
}
