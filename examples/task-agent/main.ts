import { createMemory } from "@hippograph/memory";
import { ScriptedChatModel, modelFromEnv } from "@hippograph/graphs";
import type { PlanTask } from "@hippograph/nodes";
import { NS, plannerScript, runTaskAgent, workerScript } from "./run-task-agent.js";

const memory = await createMemory();
const state = await runTaskAgent(modelFromEnv(new ScriptedChatModel(plannerScript)), modelFromEnv(new ScriptedChatModel(workerScript)), memory);
console.log("--- plan in state");
for (const t of state.plan as PlanTask[]) console.log(`${t.status?.padEnd(5)} ${t.id.padEnd(10)} ${t.title}${t.result ? ` → ${t.result.slice(0, 60)}` : ""}`);
console.log("--- task tree in memory");
const tasks = await memory.stores.graph.findNodes({ ns: NS, kinds: ["task"], limit: 100 });
const edges = await memory.stores.graph.findEdges({ ns: NS, limit: 100 });
for (const t of tasks) console.log(`${String(t.attrs.status).padEnd(5)} ${t.id} (v${t.version})`);
for (const e of edges) console.log(`${e.from} -${e.kind}-> ${e.to}`);
await memory.close();
