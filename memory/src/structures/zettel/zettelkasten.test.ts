import { afterEach, describe, expect, it } from "vitest";
import { ValidationError } from "../../errors.js";
import { createMemory } from "../../facade/create-memory.js";
import type { Memory } from "../../facade/memory.js";
import type { StructuredChatModel } from "../../ports/chat-model.js";
import type { Extractor } from "../../ports/extractor.js";
import { RingBufferSink } from "../../trace/ring-buffer-sink.js";
import { llmDecider } from "./llm-decider.js";

/** Keywords = longer words: enough to drive candidates and sharing without a language model. */
const wordExtractor: Extractor = {
  id: "test-words",
  extract: async (items) => items.map((i) => ({
    id: i.id, entities: [], dates: [], nounPhrases: [], relations: [],
    keywords: [...new Set(i.text.toLowerCase().match(/[a-z]{5,}/g) ?? [])].slice(0, 8),
  })),
};

/** A port-level model double that answers each call from a script and records what it was shown. */
function scriptedModel(answer: (user: string) => unknown): StructuredChatModel & { prompts: string[] } {
  const prompts: string[] = [];
  return { id: "scripted", prompts, complete: async (req) => (prompts.push(req.user), answer(req.user)) };
}

const open: Memory[] = [];
afterEach(async () => {
  for (const m of open.splice(0)) await m.close();
});
async function memoryWith(options: Parameters<typeof createMemory>[0] = {}) {
  const trace = new RingBufferSink();
  const m = await createMemory({ extractor: wordExtractor, trace, ...options });
  open.push(m);
  return { m, trace };
}
const idsIn = (prompt: string) => [...prompt.matchAll(/- id: (\S+)/g)].map((x) => x[1]!);

describe("Zettelkasten notes (A-MEM), rule-based", () => {
  it("links a note to related notes by id, evolves a neighbour as a new version, and traces each step", async () => {
    const { m, trace } = await memoryWith();
    const [sourdough] = await m.addNotes([{ text: "Tomas bakes seaweed sourdough bread in his Porto bakery" }]);
    await m.addNotes([{ text: "Priya studies loggerhead turtles nesting on beaches" }]);
    const [again] = await m.addNotes([{ text: "The seaweed sourdough bread sold out at the Porto bakery" }]);
    const links = await m.stores.graph.neighbors({ ns: "default", ids: [again!.id], direction: "out", edgeKinds: ["link"] });
    expect(links.map((l) => l.neighbor)).toEqual([sourdough!.id]);
    expect(again!.attrs.keywords).toEqual(expect.arrayContaining(["seaweed", "sourdough", "bakery"]));
    const history = await m.history(sourdough!.id);
    expect(history.at(-1)?.change.reason).toMatch(new RegExp(`^evolved: linked from note ${again!.id}`));
    expect((await m.get(sourdough!.id))?.attrs.tags).toContain("seaweed");
    expect(trace.events({ type: "note-link" }).map((e) => e.data)).toEqual([expect.objectContaining({ from: again!.id, to: sourdough!.id })]);
    expect(trace.events({ type: "note-candidates" })).toHaveLength(3);
  });
});

describe("Zettelkasten notes (A-MEM), model-decided", () => {
  it("applies a valid decision: links, and a rewritten neighbour context that is re-embedded", async () => {
    const model = scriptedModel((user) => {
      const [first] = idsIn(user);
      return first ? { links: [first], updates: [{ id: first, context: "Bakery product line now includes kelp focaccia" }] } : { links: [], updates: [] };
    });
    const { m } = await memoryWith({ decider: llmDecider(model) });
    const [bread] = await m.addNotes([{ text: "Tomas bakes seaweed sourdough bread" }]);
    const [next] = await m.addNotes([{ text: "Tomas is testing a seaweed focaccia recipe" }]);
    expect(idsIn(model.prompts[1]!)).toContain(bread!.id); // real ids are shown, never positions
    expect((await m.get(bread!.id))?.attrs.context).toBe("Bakery product line now includes kelp focaccia");
    expect((await m.history(bread!.id)).map((v) => v.op)).toEqual(["create", "update"]);
    const hits = await m.search("kelp", { kinds: ["note"], weights: { bm25: 0, vector: 1 }, k: 1 });
    expect(hits[0]?.id).toBe(bread!.id); // the evolved context moved the neighbour's vector (A-MEM bug #35/#6)
    expect((await m.stores.graph.neighbors({ ns: "default", ids: [next!.id], direction: "out", edgeKinds: ["link"] }))[0]?.neighbor).toBe(bread!.id);
  });

  // A-MEM's reference implementation: links to ids that do not exist (#11), updates aimed at notes by
  // search rank (#32), links stored as positions. Each must be rejected with its reason, nothing applied.
  it.each([
    ["a link to an id that does not exist", () => ({ links: ["note-that-never-was"], updates: [] }), /not among the candidates/],
    ["links given as positions", () => ({ links: ["0", "1"], updates: [] }), /list position/],
    // Only when the outsider was not shown: that is exactly the rank-for-id confusion of A-MEM #32.
    ["an update aimed at a note that was not a candidate", (unrelated: string, user: string) => (idsIn(user).includes(unrelated) ? { links: [], updates: [] } : { links: [], updates: [{ id: unrelated, context: "overwritten" }] }), /not among the candidates/],
    ["output off the schema", () => ({ links: "all of them" }), /links/],
    // An empty rewrite is data loss (Mem0's UPDATE): blank context, blank tags, no keywords.
    ["an update that empties a candidate's attributes", (_u: string, user: string) => ({ links: [], updates: [{ id: idsIn(user)[0] ?? "none", context: " ", tags: [""], keywords: [] }] }), /blank|empty/],
  ] as [string, (unrelated: string, user: string) => unknown, RegExp][])("rejects %s and applies nothing", async (_name, decide, reason) => {
    let unrelated = "";
    const model = scriptedModel((user) => decide(unrelated, user));
    const { m, trace } = await memoryWith({ decider: { ...llmDecider(model), id: "scripted" } });
    const [outsider] = await m.write({ nodes: [{ kind: "note", text: "zzzz qqqq unrelated", attrs: { context: "original" } }] }).then((r) => r.nodes);
    unrelated = outsider!.id;
    // Enough closer notes that the outsider is never among the five candidates shown.
    await m.addNotes(["bakes", "sells", "prices", "slices", "toasts", "loves"].map((verb) => ({ text: `Tomas ${verb} seaweed sourdough bread` })));
    const before = await m.stats();
    const [note] = await m.addNotes([{ text: "seaweed sourdough bread sold out" }]);
    const rejected = trace.events({ type: "note-decision-rejected" }).at(-1);
    expect(rejected?.data.reasons).toEqual(expect.arrayContaining([expect.stringMatching(reason)]));
    expect((await m.get(outsider!.id))?.attrs.context).toBe("original");
    expect((await m.get(outsider!.id))?.version).toBe(1);
    const links = await m.stores.graph.neighbors({ ns: "default", ids: [note!.id], direction: "out", edgeKinds: ["link"] });
    // The default policy falls back to the threshold rule, whose links are to real candidates only.
    expect(links.every((l) => l.neighbor !== outsider!.id)).toBe(true);
    expect((await m.stats()).nodes.note).toBe((before.nodes.note ?? 0) + 1);
  });

  it("never shows a retracted or invalidated note as a candidate, so it is neither linked nor evolved", async () => {
    const model = scriptedModel((user) => ({ links: idsIn(user), updates: idsIn(user).map((id) => ({ id, context: "evolved" })) }));
    const { m } = await memoryWith({ decider: llmDecider(model) });
    const [retracted, invalidated] = await m.addNotes([{ text: "Tomas bakes seaweed sourdough bread" }, { text: "Tomas sells seaweed sourdough bread" }]);
    await m.retract(retracted!.id);
    await m.invalidate(invalidated!.id);
    await m.addNotes([{ text: "Tomas slices seaweed sourdough bread" }]);
    expect(idsIn(model.prompts.at(-1) ?? "")).not.toContain(retracted!.id);
    expect(idsIn(model.prompts.at(-1) ?? "")).not.toContain(invalidated!.id);
    for (const id of [retracted!.id, invalidated!.id]) expect((await m.history(id)).map((v) => v.op)).not.toContain("update");
  });

  it("checks what it is given when driven directly, naming each bad field, before any model call", async () => {
    const model = scriptedModel(() => ({ links: [], updates: [] }));
    const { m } = await memoryWith({ decider: llmDecider(model) });
    const [kept] = await m.addNotes([{ text: "a first note about bread" }]);
    const { Zettelkasten } = await import("./zettelkasten.js");
    const zettel = new Zettelkasten(m.context(), { extractor: wordExtractor, decider: llmDecider(model) });
    const calls = model.prompts.length;
    const paths = async (notes: unknown) => ((await zettel.write(notes as never).catch((e: ValidationError) => e)) as ValidationError).issues.map((i) => i.path);
    expect(await paths([{ text: "" }, { text: 42 }, { id: "x".repeat(300), text: "ok" }])).toEqual(["notes[0].text", "notes[1].text", "notes[2].id"]);
    expect(await paths([{ id: "n", text: "a" }, { id: "n", text: "b" }])).toEqual(["notes[1].id"]);
    expect(await paths([{ id: kept!.id, text: "another note" }])).toEqual(["notes[0].id"]);
    expect(model.prompts.length).toBe(calls);
    expect((await m.stats()).nodes.note).toBe(1);
  });

  it("fails the write cleanly when told to, writing nothing", async () => {
    const model = scriptedModel(() => ({ links: ["7"], updates: [] }));
    const m = await createMemory({ extractor: wordExtractor, decider: llmDecider(model) });
    open.push(m);
    await m.addNotes([{ text: "first seaweed note" }]);
    const ctx = m.context();
    const { Zettelkasten } = await import("./zettelkasten.js");
    const zettel = new Zettelkasten(ctx, { extractor: wordExtractor, decider: llmDecider(model), onInvalid: "fail" });
    await expect(zettel.write([{ text: "second seaweed note" }])).rejects.toBeInstanceOf(ValidationError);
    expect((await m.stats()).nodes.note).toBe(1);
  });
});
