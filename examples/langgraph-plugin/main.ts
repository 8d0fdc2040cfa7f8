import { createMemory } from "@hippograph/memory";
import { ScriptedChatModel, modelFromEnv } from "@hippograph/graphs";
import type { BaseMessage } from "@langchain/core/messages";
import { afterScript, beforeScript, pluginDiff, runAfter, runBefore } from "./run-plugin.js";

const diff = await pluginDiff();
console.log("--- before.ts → after.ts");
console.log(diff.lines.join("\n"));
console.log(`--- ${diff.added + diff.removed} changed lines (${diff.added} added, ${diff.removed} removed)`);

const last = (s: { messages: BaseMessage[] }) => String(s.messages.at(-1)?.content);
console.log(`--- before: ${last(await runBefore(modelFromEnv(new ScriptedChatModel(beforeScript))))}`);
const memory = await createMemory();
const { first, second } = await runAfter(modelFromEnv(new ScriptedChatModel(afterScript)), memory);
console.log(`--- after, thread 1: ${last(first)}`);
console.log(`--- after, thread 2: ${last(second)}`);
console.log("--- memory", JSON.stringify(await memory.stats()));
await memory.close();
