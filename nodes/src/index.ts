/**
 * @hippograph/nodes — LangGraph node factories for memory operations, memory tools for tool-calling
 * agents, and HippographStore (a LangGraph BaseStore backed by the memory graph).
 */
export { CollectingSink, noTrace, type TraceEvent, type TraceSink } from "./trace/trace-sink.js";
export { runIds } from "./trace/run-ids.js";
export { MemoryAnnotation, type MemoryState, type RetrievedMemory, type ActivatedMemory, type MemoryExplanation, type PlanTask, type TaskStatus } from "./memory-nodes/memory-state.js";
export { channelSchema, type NodeRuntime, type StateUpdate } from "./memory-nodes/node-options.js";
export { observeNode, type ObserveNodeOptions } from "./memory-nodes/observe-node.js";
export { writeNotesNode, type WriteNotesNodeOptions } from "./memory-nodes/write-notes-node.js";
export { retrieveNode, type RetrieveNodeOptions } from "./memory-nodes/retrieve-node.js";
export { spreadNode, type SpreadNodeOptions } from "./memory-nodes/spread-node.js";
export { updateTasksNode, type UpdateTasksNodeOptions } from "./memory-nodes/update-tasks-node.js";
export { planTaskSchema, writeTasks } from "./memory-nodes/task-writes.js";
export { queryText, messageText, idsOf, seedsOf } from "./memory-nodes/text-of.js";
export { memoryTools } from "./tools/memory-tools.js";
export { rememberTool } from "./tools/remember-tool.js";
export { recallTool } from "./tools/recall-tool.js";
export { linkTool } from "./tools/link-tool.js";
export { updateTaskTool } from "./tools/update-task-tool.js";
export type { MemoryToolOptions } from "./tools/tool-options.js";
export { HippographStore, type HippographStoreOptions } from "./store/hippograph-store.js";
export { memoryNamespace, itemId } from "./store/namespace-codec.js";
