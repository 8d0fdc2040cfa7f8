import { fileURLToPath } from "node:url";
import type { Memory } from "@hippograph/memory";
import { compileGraph, loadGraphSpec, type ScriptedReply } from "@hippograph/graphs";
import type { TraceSink } from "@hippograph/nodes";
import { HumanMessage, type BaseMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";

export const NS = "user-42";

/**
 * The offline model. Its second answer reads the name out of the system prompt, so it can only be right
 * if retrieval put the first session's episode there — the test checks the memory, not the script.
 */
export const script: ScriptedReply[] = [
  "Congratulations! Pixel is a lovely name for a grey cat.",
  (messages: BaseMessage[]) => {
    const name = /her name is (\w+)/i.exec(String(messages[0]?.content ?? ""))?.[1];
    return name ? `Your cat is called ${name}.` : "I don't know your cat's name yet.";
  },
];

/** Two sessions on different threads: the second can only answer from long-term memory. */
export async function runMemoryChat(model: BaseChatModel, memory: Memory, trace?: TraceSink) {
  const spec = await loadGraphSpec(fileURLToPath(new URL("./memory-chat.yaml", import.meta.url)));
  const app = compileGraph(spec, { models: { chat: model }, memory, ...(trace ? { trace } : {}) });
  const first = await app.invoke(
    { messages: [new HumanMessage("Hi! I just adopted a grey cat, her name is Pixel.")] },
    { configurable: { thread_id: "session-1", memory_ns: NS } },
  );
  const second = await app.invoke(
    { messages: [new HumanMessage("What is my cat called?")] },
    { configurable: { thread_id: "session-2", memory_ns: NS } },
  );
  return { first, second };
}
