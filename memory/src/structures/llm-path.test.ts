import { afterEach, describe, expect, it } from "vitest";
import { ruleBasedExtractor } from "../extract/rule-based-extractor.js";
import { llmExtractor } from "../extract/llm-extractor.js";
import { createMemory } from "../facade/create-memory.js";
import type { Memory } from "../facade/memory.js";
import { openAIChatModel } from "../llm/openai-chat-model.js";
import { completion, serveChat, type ChatServer, type ReceivedChat } from "../llm/test-chat-server.js";
import { RingBufferSink } from "../trace/ring-buffer-sink.js";
import { llmDecider } from "./zettel/llm-decider.js";

// A scripted model served over HTTP in the OpenAI format: the production client talks to it.
const ENTITIES: Record<string, { name: string; type: string }[]> = {
  Okafor: [{ name: "Dr. Okafor", type: "person" }, { name: "Boa Vista", type: "place" }],
  Porto: [{ name: "Porto", type: "place" }, { name: "Tomas", type: "person" }],
};
function answer(request: ReceivedChat): string {
  const schema = request.body.response_format?.json_schema?.name;
  const user = request.body.messages.at(-1)!.content;
  if (schema === "extraction") {
    const items = user.split("\n").slice(1).map((line) => JSON.parse(line) as { id: string; text: string });
    return JSON.stringify({
      items: items.map((i) => ({
        id: i.id,
        entities: Object.entries(ENTITIES).flatMap(([cue, es]) => (i.text.includes(cue) ? es : [])),
        keywords: (i.text.toLowerCase().match(/[a-z]{6,}/g) ?? []).slice(0, 4),
        dates: [], nounPhrases: [], relations: [],
      })),
    });
  }
  const first = /- id: (\S+)/.exec(user)?.[1];
  return JSON.stringify(first ? { links: [first], updates: [{ id: first, tags: ["linked-by-model"] }] } : { links: [], updates: [] });
}

const turns = [
  ["Priya", "Dr. Okafor and I will survey loggerhead turtles on Boa Vista in May."],
  ["Tomas", "I signed the lease on a bakery in Porto, the seaweed sourdough comes first."],
  ["Priya", "Dr. Okafor says nesting on Boa Vista is declining because of storms."],
  ["Tomas", "Porto had storms too; the bakery basement flooded in Porto."],
].map(([speaker, text], i) => ({ id: `t${i}`, speaker: speaker!, text: text!, thread: "chat", session: "s1", at: Date.UTC(2024, 2, 9, 10, i) }));

let server: ChatServer | undefined;
let memory: Memory | undefined;
afterEach(async () => {
  await memory?.close();
  await server?.close();
});

describe("structures on the LLM path (scripted OpenAI-compatible server)", () => {
  it("builds entities, events, notes and hyperedges from one extraction call per batch and one decision per note", async () => {
    server = await serveChat((request) => ({ content: answer(request) }));
    const model = openAIChatModel({ baseURL: server.baseURL, model: "scripted" });
    const trace = new RingBufferSink();
    memory = await createMemory({ extractor: llmExtractor({ model, fallback: ruleBasedExtractor() }), decider: llmDecider(model), trace });
    const report = await memory.ingest(turns);
    const byKind = (name: string) => server!.requests.filter((r) => r.body.response_format?.json_schema?.name === name).length;
    expect(byKind("extraction")).toBe(1);
    expect(byKind("zettel_link_decision")).toBe(report.notes);
    expect(server.requests.every((r) => r.body.response_format?.type === "json_schema")).toBe(true);
    expect(report).toMatchObject({ episodes: 4, entities: 4, hyperedges: 4 });
    expect(report.events).toBeGreaterThan(0);
    const [okafor] = await memory.stores.graph.findNodes({ ns: "default", kinds: ["entity"], attrs: { key: "okafor" }, limit: 1 });
    expect(okafor?.attrs.type).toBe("person");
    expect(report.links).toBeGreaterThan(0);
    const evolved = (await memory.stores.graph.findNodes({ ns: "default", kinds: ["note"], limit: 10 })).filter((n) => (n.attrs.tags as string[]).includes("linked-by-model"));
    expect(evolved.length).toBeGreaterThan(0);
    expect(trace.events({ type: "extraction-fallback" })).toHaveLength(0);
  });

  it("falls back to rule-based extraction when the model answers garbage, and writes nothing when told to fail", async () => {
    server = await serveChat(() => ({ body: completion("{ this is not json", "stop") }));
    const model = openAIChatModel({ baseURL: server.baseURL, model: "scripted", maxRetries: 0 });
    memory = await createMemory({ extractor: llmExtractor({ model, fallback: ruleBasedExtractor() }) });
    const report = await memory.ingest(turns, { structures: ["entities", "events", "hypergraph"] });
    expect(report.entities).toBeGreaterThan(0); // from the rule-based fallback
    await memory.close();

    memory = await createMemory({ extractor: llmExtractor({ model, onFailure: "fail" }) });
    await expect(memory.ingest(turns)).rejects.toThrow();
    expect((await memory.stats()).nodes).toEqual({}); // the failed extraction came before any write
  });
});
