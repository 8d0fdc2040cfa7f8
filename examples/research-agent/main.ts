import { createMemory } from "@hippograph/memory";
import { ScriptedChatModel, modelFromEnv } from "@hippograph/graphs";
import type { BaseMessage } from "@langchain/core/messages";
import { NS, runResearchAgent, script } from "./run-research-agent.js";

const memory = await createMemory();
const state = await runResearchAgent(modelFromEnv(new ScriptedChatModel(script)), memory);
console.log("--- answer\n" + String((state.messages as BaseMessage[]).at(-1)?.content));
console.log("--- findings (hyperedges) and their members");
for (const f of await memory.stores.graph.findNodes({ ns: NS, kinds: ["hyperedge"], limit: 100 })) {
  const members = await memory.stores.graph.neighbors({ ns: NS, ids: [f.id], direction: "out", edgeKinds: ["member"] });
  console.log(`${f.text}\n   members: ${members.map((m) => m.neighbor).join(", ")}`);
}
console.log("--- memory", JSON.stringify(await memory.stats({ ns: NS })));
await memory.close();
