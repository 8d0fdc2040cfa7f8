/**
 * The LLM extractor through the production client (openAIChatModel) against a scripted OpenAI-format
 * server on 127.0.0.1: one constrained request per batch; any defect rejects the whole batch, which
 * then falls back to the rule-based extractor or fails, with the reason reported as an event.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import { openAIChatModel } from "../llm/openai-chat-model.js";
import { serveChat, type ChatReply, type ChatServer, type ReceivedChat } from "../llm/test-chat-server.js";
import type { ExtractionInput } from "../ports/extractor.js";
import { llmExtractor, type LlmExtractorOptions } from "./llm-extractor.js";
import { ruleBasedExtractor } from "./rule-based-extractor.js";

const servers: ChatServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const AT = Date.UTC(2024, 2, 9, 14, 0);
const ITEMS: ExtractionInput[] = [
  { id: "d1:0", text: "Dr. Okafor got us a permit to survey the beaches on Boa Vista last May.", at: AT, speaker: "Ines" },
  { id: "d1:1", text: "Wow! Did you see turtles there?", at: AT, speaker: "Valentina" },
  { id: "d1:2", text: "Valentina painted a sunset over the lake yesterday.", at: AT, speaker: "Ines" },
];

/** The ids the prompt listed, in order. */
function idsIn(request: ReceivedChat): string[] {
  const user = request.body.messages.find((m) => m.role === "user")!.content;
  return user
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => (JSON.parse(l) as { id: string }).id);
}

/** A well-formed answer for every listed id; `edit` spoils it on purpose. */
function answer(ids: readonly string[], edit: (items: Array<Record<string, unknown>>) => void = () => {}): string {
  const items: Array<Record<string, unknown>> = ids.map((id) => ({
    id,
    entities: [
      { name: "Dr. Okafor", type: "person" },
      { name: "Boa Vista", type: "place" },
    ],
    keywords: ["Turtles", "Ines", "permit", "turtles", "last May", "may"],
    dates: [{ text: "last May", iso: "2023-05" }],
    nounPhrases: ["Survey Permit"],
    relations: [{ subject: "Okafor", predicate: "got", object: "survey permit" }],
  }));
  edit(items);
  return JSON.stringify({ items });
}

async function setup(script: (ids: string[], n: number) => ChatReply, options: Partial<LlmExtractorOptions> = {}, timeoutMs = 5_000) {
  const server = await serveChat((request, n) => script(idsIn(request), n));
  servers.push(server);
  const model = openAIChatModel({ baseURL: server.baseURL, model: "test-llm", timeoutMs, maxRetries: 0 });
  const events: Array<[string, Record<string, unknown>]> = [];
  const extractor = llmExtractor({ model, onEvent: (type, data) => events.push([type, data]), ...options });
  return { server, model, extractor, events };
}

describe("llmExtractor", () => {
  it("makes one constrained request per batch and maps the answer onto the shared keys", async () => {
    // The model answers in reverse order; results still come back in input order.
    const { server, model, extractor, events } = await setup((ids) => ({ content: answer([...ids].reverse()) }), { batchSize: 2 });
    const out = await extractor.extract(ITEMS);
    expect(server.requests).toHaveLength(2);
    expect(model.calls).toBe(2);
    expect(server.requests.map(idsIn)).toEqual([["d1:0", "d1:1"], ["d1:2"]]);
    const format = server.requests[0]!.body.response_format!;
    expect(format.type).toBe("json_schema");
    expect(format.json_schema).toMatchObject({ name: "extraction", strict: true, schema: { required: ["items"], additionalProperties: false } });
    expect(server.requests[0]!.body.messages[1]!.content).toContain('"reference_date":"2024-03-09T14:00:00.000Z"');
    expect(out.map((e) => e.id)).toEqual(["d1:0", "d1:1", "d1:2"]);
    expect(out[0]).toEqual({
      id: "d1:0",
      entities: [
        { name: "Dr. Okafor", key: "okafor", type: "person" },
        { name: "Boa Vista", key: "boa vista", type: "place" },
      ],
      // Lower-cased, deduplicated, the batch's speakers and the dates removed.
      keywords: ["turtles", "permit"],
      dates: [{ text: "last May", at: Date.UTC(2023, 4, 1), grain: "month" }],
      nounPhrases: ["survey permit"],
      relations: [{ subject: "okafor", predicate: "got", object: "survey permit" }],
    });
    expect(events).toEqual([]);
  });

  it("falls back to the rule-based result for a batch whose answer is not JSON", async () => {
    const fallback = ruleBasedExtractor();
    const { extractor, events } = await setup(() => ({ content: "Here you go: {items: [" }), { fallback });
    const out = await extractor.extract(ITEMS);
    expect(out).toEqual(await fallback.extract(ITEMS));
    expect(events.map(([type, data]) => [type, data.reason])).toEqual([
      ["extraction-rejected", "invalid-json"],
      ["extraction-fallback", "invalid-json"],
    ]);
    expect(events[0]![1]).toMatchObject({ model: "openai-chat:test-llm", ids: ["d1:0", "d1:1", "d1:2"] });
    expect(events[1]![1]).toMatchObject({ fallback: fallback.id });
  });

  it('throws instead when onFailure is "fail", and by default without a fallback', async () => {
    const explicit = await setup(() => ({ content: "not json" }), { fallback: ruleBasedExtractor(), onFailure: "fail" });
    await expect(explicit.extractor.extract(ITEMS)).rejects.toThrow(/not valid JSON/);
    expect(explicit.events.map(([type]) => type)).toEqual(["extraction-rejected"]);
    const implicit = await setup(() => ({ content: "not json" }));
    await expect(implicit.extractor.extract(ITEMS)).rejects.toMatchObject({ code: "MODEL", reason: "invalid-json" });
  });

  it("rejects a truncated answer", async () => {
    const { extractor, events } = await setup((ids) => ({ content: answer(ids), finishReason: "length" }), { fallback: ruleBasedExtractor() });
    await extractor.extract(ITEMS);
    expect(events.map(([type, data]) => [type, data.reason])).toEqual([
      ["extraction-rejected", "truncated"],
      ["extraction-fallback", "truncated"],
    ]);
  });

  it.each([
    ["an unknown id", (items: Array<Record<string, unknown>>) => void (items[0]!.id = "d9:9"), /unknown id "d9:9"/],
    ["a missing id", (items: Array<Record<string, unknown>>) => void items.pop(), /missing id "d1:2"/],
    ["a repeated id", (items: Array<Record<string, unknown>>) => void (items[1]!.id = items[0]!.id), /repeated id "d1:0"/],
    ["a wrong entity type", (items: Array<Record<string, unknown>>) => void (items[2]!.entities = [{ name: "Rex", type: "animal" }]), /items\[2\]\.entities\[0\]\.type/],
    ["an unparseable date", (items: Array<Record<string, unknown>>) => void (items[1]!.dates = [{ text: "last May", iso: "last May" }]), /unparseable date "last May"/],
    ["an impossible date", (items: Array<Record<string, unknown>>) => void (items[1]!.dates = [{ text: "then", iso: "2023-02-30" }]), /unparseable date/],
    ["a missing field", (items: Array<Record<string, unknown>>) => void delete items[0]!.keywords, /items\[0\]\.keywords/],
  ])("rejects the whole batch for %s", async (_, spoil, why) => {
    const fallback = ruleBasedExtractor();
    const { extractor, events } = await setup((ids) => ({ content: answer(ids, spoil) }), { fallback });
    // Every item of the batch comes from the fallback, the well-formed ones too.
    expect(await extractor.extract(ITEMS)).toEqual(await fallback.extract(ITEMS));
    expect(events[0]![0]).toBe("extraction-rejected");
    expect(events[0]![1].reason).toBe("invalid-output");
    expect(String(events[0]![1].message)).toMatch(why);
    expect(events[1]![0]).toBe("extraction-fallback");

    const strict = await setup((ids) => ({ content: answer(ids, spoil) }));
    await expect(strict.extractor.extract(ITEMS)).rejects.toBeInstanceOf(ValidationError);
  });

  it("falls back for only the batch that failed", async () => {
    const { extractor, events } = await setup((ids, n) => ({ content: n === 1 ? "{}" : answer(ids) }), { fallback: ruleBasedExtractor(), batchSize: 2 });
    const out = await extractor.extract(ITEMS);
    expect(out[0]!.keywords).toEqual(["turtles", "permit"]);
    expect(out[2]).toEqual((await ruleBasedExtractor().extract(ITEMS.slice(2)))[0]);
    expect(events[0]![1].ids).toEqual(["d1:2"]);
  });

  it("falls back when the model times out", async () => {
    const { extractor, events } = await setup(() => ({ hang: true }), { fallback: ruleBasedExtractor() }, 50);
    const out = await extractor.extract(ITEMS.slice(0, 1));
    expect(out[0]!.entities.map((e) => e.key)).toEqual(["okafor", "boa vista"]);
    expect(events.map(([type, data]) => [type, data.reason])).toEqual([
      ["extraction-rejected", "timeout"],
      ["extraction-fallback", "timeout"],
    ]);
  });

  it("passes the caller's abort through without falling back", async () => {
    const { extractor, events } = await setup(() => ({ hang: true }), { fallback: ruleBasedExtractor() });
    const controller = new AbortController();
    const pending = extractor.extract(ITEMS, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("stop")), 20);
    await expect(pending).rejects.toThrow("stop");
    expect(events).toEqual([]);
  });

  it("validates its options", async () => {
    const { model } = await setup(() => ({ content: "{}" }));
    expect(() => llmExtractor({ model, onFailure: "fallback" })).toThrow(ValidationError);
    expect(() => llmExtractor({ model, batchSize: 0 })).toThrow(ValidationError);
  });
});
