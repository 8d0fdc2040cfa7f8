/**
 * @hippograph/graphs — declarative agent graphs: a JSON/YAML spec validated with Zod (JSON Schema
 * exported), or the same graph from a TypeScript builder, compiled to a LangGraph StateGraph.
 */
export { graphSpecSchema, edgeSchema, type GraphSpec, type GraphSpecInput, type NodeSpec, type EdgeSpec } from "./spec/graph-spec.js";
export { START, END, NODE_TYPES, MEMORY_OPS } from "./spec/node-spec.js";
export { CHANNEL_TYPES, REDUCERS, type ChannelSpec } from "./spec/state-spec.js";
export { CONDITION_OPS, evaluate, type Condition } from "./spec/condition.js";
export { graphSpecJsonSchema } from "./spec/json-schema.js";
export { parseGraphSpec, loadGraphSpec } from "./spec/load-spec.js";
export { validateGraph, type ValidateOptions } from "./validate/validate-graph.js";
export { compileGraph, type CompiledAgentGraph, type CompiledGraph } from "./compile/compile-graph.js";
export { writeIssues } from "./compile/typed-writes.js";
export type { GraphRegistry, CompileOptions, StateFunction } from "./compile/registry.js";
export { GraphBuilder, graph } from "./builder/graph-builder.js";
export { ScriptedChatModel, type ScriptedReply, type ScriptedToolCall } from "./models/scripted-chat-model.js";
export { OpenAICompatibleChatModel, type OpenAICompatibleOptions } from "./models/openai-compatible-chat-model.js";
export { modelFromEnv } from "./models/model-from-env.js";
