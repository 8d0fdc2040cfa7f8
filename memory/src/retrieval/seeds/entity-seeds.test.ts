import { afterEach, describe, expect, it } from "vitest";
import { ruleBasedExtractor } from "../../extract/rule-based-extractor.js";
import { createMemory } from "../../facade/create-memory.js";
import type { Memory } from "../../facade/memory.js";
import type { Extractor } from "../../ports/extractor.js";
import type { RetrievalContext } from "../retrieval-context.js";
import { entitySeeds, wordRunKeys } from "./entity-seeds.js";

const open: Memory[] = [];
afterEach(async () => {
  for (const m of open.splice(0)) await m.close();
});

const NS = "seeds";
const AT = Date.UTC(2023, 4, 8, 13);
const NOW = Date.UTC(2026, 0, 1);

/** Ines is mentioned twice, Lake Ohrid, Jonas, Regatta and NASA once each. */
async function world(extractor: Extractor = ruleBasedExtractor()) {
  let clock = NOW;
  const m = await createMemory({ extractor, clock: () => clock });
  open.push(m);
  await m.ingest(
    [
      { text: "I sang at the NASA open day yesterday and loved every minute.", speaker: "Ines", thread: "s1", at: AT },
      { text: "Wonderful, Ines! I sketched the boats at Lake Ohrid last week.", speaker: "Oskar", thread: "s1", at: AT + 1000 },
      { text: "Ines, did you spot Jonas at the Regatta parade?", speaker: "Oskar", thread: "s1", at: AT + 2000 },
    ],
    { ns: NS, structures: ["entities"] },
  );
  await m.addEpisodes([{ text: "Ines lives elsewhere", at: AT }], { ns: "other" });
  const ctx = (query: string, over: Partial<RetrievalContext> = {}): RetrievalContext => ({
    ns: NS, query, now: clock, view: {}, stores: m.stores, embedder: m.embedder, extractor, ...over,
  });
  return { m, ctx, advance: (ms: number) => (clock += ms) };
}

describe("entitySeeds", () => {
  it("finds the entities a query names, rarer ones first (the pipeline runner adds the channel's evidence)", async () => {
    const { ctx } = await world();
    const seeds = await entitySeeds(ctx("What did Ines sketch at Lake Ohrid?"), { k: 5 });
    expect(seeds.map((s) => s.id)).toEqual(["entity:lake ohrid", "entity:ines"]);
    // 1 mention: 1 / (1 + ln 2); 2 mentions: 1 / (1 + ln 3).
    expect(seeds[0]!.score).toBeCloseTo(1 / (1 + Math.log(2)), 10);
    expect(seeds[1]!.score).toBeCloseTo(1 / (1 + Math.log(3)), 10);
  });

  it("k caps the list; idf off scores every extracted entity 1", async () => {
    const { ctx } = await world();
    expect((await entitySeeds(ctx("Did Ines meet Jonas at Regatta?"), { k: 1 })).map((s) => s.id)).toEqual(["entity:jonas"]);
    const flat = await entitySeeds(ctx("Did Ines meet Jonas at Regatta?"), { k: 10, idf: false });
    expect(flat.map((s) => [s.id, s.score])).toEqual([["entity:ines", 1], ["entity:jonas", 1], ["entity:regatta", 1]]);
    expect(await entitySeeds(ctx("Did Ines meet Jonas?"), { k: 0 })).toEqual([]);
  });

  it("matches lower-case mentions by their canonical key, at the lower name-match weight", async () => {
    const { ctx } = await world();
    const seeds = await entitySeeds(ctx("what did ines do at lake ohrid?"), { k: 5, idf: false });
    expect(seeds.map((s) => [s.id, s.score])).toEqual([["entity:ines", 0.5], ["entity:lake ohrid", 0.5]]);
    expect(await entitySeeds(ctx("what did ines do?"), { k: 5, matchNames: false })).toEqual([]);
  });

  it("ignores names with no entity node, nodes of other kinds, and other namespaces", async () => {
    const { ctx } = await world();
    expect(await entitySeeds(ctx("Where does Priya live?"), { k: 5 })).toEqual([]);
    expect(await entitySeeds(ctx("What did Ines say?", { ns: "other" }), { k: 5 })).toEqual([]);
    expect(await entitySeeds(ctx(""), { k: 5 })).toEqual([]);
  });

  it("hides entities the view cannot see", async () => {
    const { m, ctx, advance } = await world();
    const before = advance(0);
    const later = advance(60_000);
    await m.stores.graph.invalidate({ ns: NS, nodeIds: ["entity:jonas"], expiredAt: later, change: { actor: "t", reason: "retracted", at: later } });
    expect((await entitySeeds(ctx("Did Jonas go?", { view: { knownAt: later } }), { k: 5 })).map((s) => s.id)).toEqual([]);
    expect((await entitySeeds(ctx("Did Jonas go?", { view: { knownAt: before } }), { k: 5 })).map((s) => s.id)).toEqual(["entity:jonas"]);
  });

  it("uses the memory's extractor, whatever it is: an LLM's keys land on the same ids", async () => {
    const rules = ruleBasedExtractor();
    const canned: Extractor = {
      id: "canned",
      extract: async (items) => {
        if (items[0]?.id !== "query") return rules.extract(items);
        return items.map((i) => ({ id: i.id, entities: [{ name: "Ohrid lake", key: "lake ohrid", type: "place" as const }], keywords: [], dates: [], nounPhrases: [], relations: [] }));
      },
    };
    const { ctx } = await world(canned);
    expect((await entitySeeds(ctx("that mountain lake"), { k: 5, matchNames: false })).map((s) => s.id)).toEqual(["entity:lake ohrid"]);
  });
});

describe("wordRunKeys", () => {
  it("folds 1-3 word runs to keys, skipping function, common and date words and what is already covered", () => {
    expect(wordRunKeys("what did ines do last may?")).toEqual(["ines", "ines do last"]);
    expect(wordRunKeys("the lake ohrid trip", new Set(["lake", "ohrid"]))).toEqual(["lake ohrid trip", "ohrid trip", "trip"]);
    expect(wordRunKeys("a friend from the University of Lagos")).toEqual(["university", "university of lagos", "lagos"]);
  });
});
