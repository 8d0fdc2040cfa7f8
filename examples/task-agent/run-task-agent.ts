import type { Memory } from "@hippograph/memory";
import type { ScriptedReply } from "@hippograph/graphs";
import type { TraceSink } from "@hippograph/nodes";
import { HumanMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { taskAgent } from "./task-agent-graph.js";
import { finishTask, nextTask, readPlan } from "./task-functions.js";

export const NS = "project-blog";
export const GOAL = "Write a short blog post about our cat Pixel";

export const plannerScript: ScriptedReply[] = [
  '[{"id": "outline", "title": "Outline the post"}, {"id": "draft", "title": "Draft the post"}, {"id": "proofread", "title": "Proofread the draft"}]',
];
export const workerScript: ScriptedReply[] = [
  "Outline: intro, adoption day, first week.",
  "Draft: Pixel arrived on a rainy Tuesday...",
  "Proofread: fixed two typos.",
];

export async function runTaskAgent(planner: BaseChatModel, worker: BaseChatModel, memory: Memory, trace?: TraceSink) {
  const app = taskAgent.compile({
    models: { planner, worker }, memory, functions: { readPlan, nextTask, finishTask }, ...(trace ? { trace } : {}),
  });
  return app.invoke({ messages: [new HumanMessage(GOAL)] }, { configurable: { thread_id: "task-1", memory_ns: NS } });
}
