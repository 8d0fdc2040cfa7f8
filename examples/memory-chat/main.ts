import { createMemory } from "@hippograph/memory";
import { ScriptedChatModel, modelFromEnv } from "@hippograph/graphs";
import { CollectingSink } from "@hippograph/nodes";
import type { BaseMessage } from "@langchain/core/messages";
import { NS, runMemoryChat, script } from "./run-memory-chat.js";

// Offline by default; with OPENAI_BASE_URL set, the same graph runs against that endpoint.
const memory = await createMemory();
const trace = new CollectingSink();
const { first, second } = await runMemoryChat(modelFromEnv(new ScriptedChatModel(script)), memory, trace);
for (const [label, state] of [["session 1", first], ["session 2", second]] as const) {
  console.log(`--- ${label}`);
  for (const m of state.messages as BaseMessage[]) console.log(`${m.getType().padEnd(5)} ${String(m.content)}`);
}
console.log("--- memory", JSON.stringify(await memory.stats({ ns: NS })));
console.log("--- trace", trace.events.map((e) => `${e.stepId} ${e.name}`).join(", "));
await memory.close();
