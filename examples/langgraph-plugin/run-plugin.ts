import { readFile } from "node:fs/promises";
import type { Memory } from "@hippograph/memory";
import type { ScriptedReply } from "@hippograph/graphs";
import { HumanMessage, type BaseMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { buildApp as buildBefore } from "./before.js";
import { buildApp as buildAfter } from "./after.js";
import { lineDiff } from "./line-diff.js";

export const beforeScript: ScriptedReply[] = [{ toolCalls: [{ name: "get_weather", args: { city: "Lisbon" } }] }, "It is sunny and 21°C in Lisbon."];
export const afterScript: ScriptedReply[] = [
  { toolCalls: [{ name: "get_weather", args: { city: "Lisbon" } }, { name: "remember", args: { text: "The user lives in Lisbon and asks about the weather there", tags: ["profile"] } }] },
  "It is sunny and 21°C in Lisbon. I'll remember that you live there.",
  { toolCalls: [{ name: "recall", args: { query: "where does the user live?" } }] },
  (messages: BaseMessage[]) => (String(messages.at(-1)?.content).includes("Lisbon") ? "You live in Lisbon." : "I don't know where you live."),
];

/** The code change between the two apps, counted in changed lines (+ and -). */
export async function pluginDiff() {
  const read = (name: string) => readFile(new URL(`./${name}`, import.meta.url), "utf8");
  return lineDiff(await read("before.ts"), await read("after.ts"));
}

export async function runBefore(model: BaseChatModel) {
  const app = await buildBefore(model);
  return app.invoke({ messages: [new HumanMessage("What's the weather in Lisbon? I live there.")] });
}

/** Same first question; then a new thread asks something only long-term memory can answer. */
export async function runAfter(model: BaseChatModel, memory: Memory) {
  const app = await buildAfter(model, memory);
  const first = await app.invoke({ messages: [new HumanMessage("What's the weather in Lisbon? I live there.")] });
  const second = await app.invoke({ messages: [new HumanMessage("Where do I live?")] });
  return { first, second };
}
