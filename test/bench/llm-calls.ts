/**
 * The LLM path of `bench:ingest --structures … --llm`: the same ingest against a scripted
 * OpenAI-compatible server on 127.0.0.1 (the production client over real HTTP), counting the structured
 * calls per 100 turns — with the model extracting only, and with it also deciding A-MEM links.
 */
import { createMemory, llmDecider, llmExtractor, openAIChatModel, ruleBasedExtractor, type EpisodeInput, type StructureName } from "@hippograph/memory";
import { serveChat, type ReceivedChat } from "../../memory/src/llm/test-chat-server.js";

function answer(request: ReceivedChat): string {
  const user = request.body.messages.at(-1)!.content;
  if (request.body.response_format?.json_schema?.name === "extraction") {
    const items = user.split("\n").slice(1).map((line) => JSON.parse(line) as { id: string; text: string });
    return JSON.stringify({
      items: items.map((i) => ({
        id: i.id,
        entities: (i.text.match(/\b[A-Z][a-z]{3,}\b/g) ?? []).slice(0, 3).map((name) => ({ name, type: "person" })),
        keywords: (i.text.toLowerCase().match(/[a-z]{6,}/g) ?? []).slice(0, 5),
        dates: [], nounPhrases: [], relations: [],
      })),
    });
  }
  const first = /- id: (\S+)/.exec(user)?.[1];
  return JSON.stringify({ links: first ? [first] : [], updates: [] });
}

export async function measureLlmCalls(episodes: readonly EpisodeInput[], structures: StructureName[], batch: number) {
  const server = await serveChat((request) => ({ content: answer(request) }));
  try {
    const out: Record<string, { perHundredTurns: number; byCall: Record<string, number>; turnsPerSec: number }> = {};
    for (const decide of [false, true]) {
      const before = server.requests.length;
      const model = openAIChatModel({ baseURL: server.baseURL, model: "scripted" });
      const memory = await createMemory({ extractor: llmExtractor({ model, fallback: ruleBasedExtractor() }), ...(decide ? { decider: llmDecider(model) } : {}) });
      const start = performance.now();
      for (let i = 0; i < episodes.length; i += batch) await memory.ingest(episodes.slice(i, i + batch), { structures });
      const seconds = (performance.now() - start) / 1000;
      await memory.close();
      const calls = server.requests.slice(before);
      const byCall: Record<string, number> = {};
      for (const c of calls) {
        const name = c.body.response_format?.json_schema?.name ?? "unknown";
        byCall[name] = (byCall[name] ?? 0) + 1;
      }
      out[decide ? "extractionAndLinkDecisions" : "extractionOnly"] = {
        perHundredTurns: Math.round((calls.length / episodes.length) * 1000) / 10,
        byCall,
        turnsPerSec: Math.round(episodes.length / seconds),
      };
    }
    return out;
  } finally {
    await server.close();
  }
}
