import { fileURLToPath } from "node:url";
import type { Memory } from "@hippograph/memory";
import { compileGraph, loadGraphSpec, type ScriptedReply } from "@hippograph/graphs";
import type { TraceSink } from "@hippograph/nodes";
import { HumanMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { researchTools } from "./research-tools.js";

export const NS = "research";
export const QUESTION = "What do we know about the Lisbon Half Marathon?";

export const script: ScriptedReply[] = [
  { toolCalls: [{ name: "search_corpus", args: { query: "Lisbon half marathon" } }] },
  {
    toolCalls: [
      { name: "record_finding", args: { fact: "The Lisbon Half Marathon starts on the 25 de Abril bridge and finishes at Belém.", entities: ["Lisbon Half Marathon", "25 de Abril bridge", "Belém"], source: "https://example.org/lisbon-half" } },
      { name: "record_finding", args: { fact: "The Lisbon Half Marathon was first run in 1991.", entities: ["Lisbon Half Marathon"], source: "https://example.org/lisbon-half-history" } },
    ],
  },
  "The Lisbon Half Marathon runs from the 25 de Abril bridge to Belém (example.org/lisbon-half) and was first run in 1991 (example.org/lisbon-half-history).",
];

export async function runResearchAgent(model: BaseChatModel, memory: Memory, trace?: TraceSink) {
  const spec = await loadGraphSpec(fileURLToPath(new URL("./research-agent.yaml", import.meta.url)));
  const app = compileGraph(spec, { models: { researcher: model }, tools: researchTools(memory), memory, ...(trace ? { trace } : {}) });
  return app.invoke({ messages: [new HumanMessage(QUESTION)] }, { configurable: { thread_id: "research-1", memory_ns: NS } });
}
