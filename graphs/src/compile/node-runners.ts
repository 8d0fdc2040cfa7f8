import { observeNode, retrieveNode, spreadNode, updateTasksNode, writeNotesNode, type TraceSink } from "@hippograph/nodes";
import { ValidationError, type Memory } from "@hippograph/memory";
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { interrupt, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { ToolNode } from "@langchain/langgraph/prebuilt";
import { evaluate } from "../spec/condition.js";
import type { NodeSpec } from "../spec/graph-spec.js";
import { END } from "../spec/node-spec.js";
import type { ChannelSpec } from "../spec/state-spec.js";
import { renderTemplate } from "./render-template.js";

type State = Record<string, unknown>;
export type Runner = (state: State, config: LangGraphRunnableConfig) => Promise<State> | State;
type Of<T extends NodeSpec["type"]> = Extract<NodeSpec, { type: T }>;

export function llmRunner(node: Of<"llm">, model: BaseChatModel, tools: StructuredToolInterface[], state: Record<string, ChannelSpec>): Runner {
  if (tools.length > 0 && typeof model.bindTools !== "function") throw new TypeError(`model for node "${node.id}" cannot bind tools`);
  const bound = tools.length > 0 ? model.bindTools!(tools) : model;
  const channels = new Set(Object.keys(state));
  const toMessages = state[node.output]?.type === "messages";
  return async (s, config) => {
    const read = s[node.input];
    // A string is one user turn; validation allows messages, string and untyped ("any") channels here.
    if (read !== undefined && read !== null && typeof read !== "string" && !Array.isArray(read)) {
      throw new ValidationError([{ path: node.input, message: `node "${node.id}" reads its input from here: a list of messages or a string, not a ${typeof read}` }], "state");
    }
    const history = typeof read === "string" ? [new HumanMessage(read)] : ((read as BaseMessage[] | null | undefined) ?? []);
    const prompt = node.system ? [new SystemMessage(renderTemplate(node.system, s, channels)), ...history] : history;
    const reply = (await bound.invoke(prompt, config)) as AIMessage;
    return { [node.output]: toMessages ? [reply] : reply.text };
  };
}

export function toolRunner(node: Of<"tool">, tools: StructuredToolInterface[]): Runner {
  const executor = new ToolNode(tools);
  return async (s, config) => {
    const out = (await executor.invoke({ messages: s[node.messages] }, config)) as { messages: BaseMessage[] };
    return { [node.messages]: out.messages };
  };
}

const MEMORY_FACTORIES = { observe: observeNode, write_notes: writeNotesNode, retrieve: retrieveNode, spread: spreadNode, update_tasks: updateTasksNode };

export function memoryRunner(node: Of<"memory">, memory: Memory, trace: TraceSink | undefined): Runner {
  const factory = MEMORY_FACTORIES[node.op] as unknown as (o: Record<string, unknown>) => Runner;
  return factory({ name: node.id, ...node.options, memory, ...(trace ? { trace } : {}) });
}

/** The router's node does nothing; its work is the conditional edge `routeOf` returns. */
export const passThrough: Runner = () => ({});

export function routeOf(node: Of<"router">, endId: string): (s: State) => string {
  const to = (t: string) => (t === END ? endId : t);
  return (s) => to(node.routes.find((r) => evaluate(r.when, s))?.to ?? node.default);
}

export function interruptRunner(node: Of<"interrupt">): Runner {
  return (s) => {
    const shown = Object.fromEntries((node.show ?? []).map((c) => [c, s[c]]));
    // interrupt() throws on the first pass (the run pauses) and returns the resume value when resumed.
    const answer: unknown = interrupt({ node: node.id, prompt: node.prompt, ...shown });
    return { [node.output]: answer };
  };
}
