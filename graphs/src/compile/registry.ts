import type { Memory } from "@hippograph/memory";
import type { TraceSink } from "@hippograph/nodes";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { StructuredToolInterface } from "@langchain/core/tools";
import type { BaseCheckpointSaver, BaseStore, LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphSpecInput } from "../spec/graph-spec.js";

export type StateFunction = (state: Record<string, unknown>, config: LangGraphRunnableConfig) => Record<string, unknown> | Promise<Record<string, unknown>>;

/**
 * Everything a spec refers to by name. Specs are data (JSON, YAML) and cannot hold a model or a function,
 * so they name them and the registry supplies them — which is also what keeps a spec safe to load.
 */
export interface GraphRegistry {
  /** Any LangChain chat model; `openAICompatibleModel()` and `ScriptedChatModel` are two. */
  models?: Record<string, BaseChatModel>;
  /** LangChain tools. With `memory`, the memory tools (remember, recall, link, update_task) are added. */
  tools?: Record<string, StructuredToolInterface>;
  functions?: Record<string, StateFunction>;
  /** Graphs a `subgraph` node may name with `ref`. */
  graphs?: Record<string, GraphSpecInput>;
  memory?: Memory;
  trace?: TraceSink;
}

export interface CompileOptions {
  /** Needed to resume after an interrupt; a MemorySaver is used when the graph has interrupts and none is given. */
  checkpointer?: BaseCheckpointSaver;
  store?: BaseStore;
}
