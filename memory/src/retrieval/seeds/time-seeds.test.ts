import { afterEach, describe, expect, it } from "vitest";
import { ruleBasedExtractor } from "../../extract/rule-based-extractor.js";
import { createMemory } from "../../facade/create-memory.js";
import type { Memory } from "../../facade/memory.js";
import type { GraphStore, NodeFilter } from "../../ports/graph-store.js";
import type { RetrievalContext } from "../retrieval-context.js";
import { timeSeeds, windowScore } from "./time-seeds.js";

const open: Memory[] = [];
afterEach(async () => {
  for (const m of open.splice(0)) await m.close();
});

const NS = "seeds";
const DAY = 86_400_000;
/** Wall clock, years after the conversation: relative phrases must not be read against it. */
const NOW = Date.UTC(2026, 0, 1);
const S1 = Date.UTC(2023, 4, 8, 13);
const S2 = Date.UTC(2023, 4, 25, 18);
const S3 = Date.UTC(2023, 5, 8, 9);
const S4 = Date.UTC(2023, 5, 9, 10);

/** Four sessions (8 May, 25 May, 8 June, 9 June 2023), two turns each, with entities and events. */
async function world() {
  const m = await createMemory({ clock: () => NOW });
  open.push(m);
  const session = (at: number, name: string, texts: [string, string]) =>
    texts.map((text, i) => ({ id: `${name}-${i}`, text, speaker: i === 0 ? "Ines" : "Oskar", thread: "t", session: name, at: at + i * 1000 }));
  await m.ingest(
    [
      ...session(S1, "s1", ["I went to choir rehearsal today.", "That sounds lovely, Ines."]),
      ...session(S2, "s2", ["I started a woodcarving class in Boston.", "Woodcarving is so calming."]),
      ...session(S3, "s3", ["We camped at Lake Ohrid last night.", "The stars at Ohrid are amazing."]),
      ...session(S4, "s4", ["I am reading a book about beekeeping.", "Good luck with the bees, Ines!"]),
    ],
    { ns: NS, structures: ["entities", "events"] },
  );
  let calls = 0;
  const graph = new Proxy(m.stores.graph, {
    get(target, prop, receiver) {
      if (prop === "findNodes") return (f: NodeFilter) => (calls++, target.findNodes(f));
      return Reflect.get(target, prop, receiver) as unknown;
    },
  }) as GraphStore;
  const ctx = (query: string, over: Partial<RetrievalContext> = {}): RetrievalContext => ({
    ns: NS, query, now: NOW, view: {}, stores: { ...m.stores, graph }, embedder: m.embedder, extractor: ruleBasedExtractor(), ...over,
  });
  const kindOf = async (ids: string[]) => (await m.stores.graph.getNodes({ ns: NS, ids })).map((n) => n.kind);
  return { m, ctx, calls: () => calls, kindOf };
}

describe("timeSeeds", () => {
  it("finds the episodes and events of an absolute date, and nothing else", async () => {
    const { ctx, kindOf } = await world();
    const seeds = await timeSeeds(ctx("What did Ines do on 8 May, 2023?"), { k: 10 });
    const episodes = seeds.filter((s) => s.id.startsWith("s"));
    expect(episodes.map((s) => s.id).sort()).toEqual(["s1-0", "s1-1"]);
    expect(new Set(await kindOf(seeds.map((s) => s.id)))).toEqual(new Set(["episode", "event"]));
    // A day window: specificity 1, a little less off its middle (13:00 is near noon).
    for (const s of seeds) expect(s.score).toBeGreaterThan(0.9);
    expect(seeds.map((s) => s.score)).toEqual([...seeds.map((s) => s.score)].sort((a, b) => b - a));
  });

  it('resolves relative phrases against the conversation\'s newest time ("latest"), not the wall clock', async () => {
    const { ctx } = await world();
    // Newest episode: 9 June 2023, so yesterday is 8 June (entity nodes, stamped at ingest in 2026, do not count).
    const yesterday = await timeSeeds(ctx("Where did they camp yesterday?"), { k: 10, kinds: ["episode"] });
    expect(yesterday.map((s) => s.id).sort()).toEqual(["s3-0", "s3-1"]);
    expect(await timeSeeds(ctx("Where did they camp yesterday?"), { k: 10, kinds: ["episode"], reference: "now" })).toEqual([]);
    // "now" reads it against ctx.now: here 10 June 2023, so yesterday is 9 June.
    const june9 = await timeSeeds(ctx("Where did they camp yesterday?", { now: S4 + DAY }), { k: 10, kinds: ["episode"], reference: "now" });
    expect(june9.map((s) => s.id).sort()).toEqual(["s4-0", "s4-1"]);
    const lastMonth = await timeSeeds(ctx("What class did she start last month?"), { k: 10, kinds: ["episode"] });
    expect(lastMonth.map((s) => s.id).sort()).toEqual(["s1-0", "s1-1", "s2-0", "s2-1"]);
  });

  it("scores narrower windows higher, and keeps each node's best window", async () => {
    const { ctx } = await world();
    const seeds = await timeSeeds(ctx("What happened in 2023, especially on 25 May 2023?"), { k: 20, kinds: ["episode"] });
    expect(seeds).toHaveLength(8);
    expect(seeds.slice(0, 2).map((s) => s.id).sort()).toEqual(["s2-0", "s2-1"]);
    expect(seeds[1]!.score).toBeGreaterThan(3 * seeds[2]!.score);
    expect(new Set(seeds.map((s) => s.id)).size).toBe(8);
    // Within the year, nearer its middle (2 July) first.
    expect(seeds.slice(2).map((s) => s.id)).toEqual(["s4-1", "s4-0", "s3-1", "s3-0", "s1-1", "s1-0"]);
  });

  it("honours k and kinds", async () => {
    const { ctx, kindOf } = await world();
    const events = await timeSeeds(ctx("What happened in May 2023?"), { k: 10, kinds: ["event"] });
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(await kindOf(events.map((s) => s.id)))).toEqual(new Set(["event"]));
    expect(await timeSeeds(ctx("What happened in May 2023?"), { k: 3 })).toHaveLength(3);
    expect(await timeSeeds(ctx("What happened in May 2023?"), { k: 0 })).toEqual([]);
  });

  it("returns [] without touching the store when the query names no date", async () => {
    const { ctx, calls } = await world();
    expect(await timeSeeds(ctx("What does Ines like to carve?"), { k: 10 })).toEqual([]);
    // A date word that dates nothing: parsed, still no store call.
    expect(await timeSeeds(ctx("How many days does a week have?"), { k: 10 })).toEqual([]);
    expect(calls()).toBe(0);
    expect(await timeSeeds(ctx("What did we do in 1999?"), { k: 10 })).toEqual([]);
    expect(calls()).toBe(2);
  });

  it("an empty namespace has no reference and no seeds", async () => {
    const { ctx } = await world();
    expect(await timeSeeds(ctx("What happened yesterday?", { ns: "empty" }), { k: 10 })).toEqual([]);
  });
});

describe("windowScore", () => {
  it("is 1 at a day's middle, 0.9 at its edges, and lower for wider windows", () => {
    const from = Date.UTC(2023, 4, 8);
    expect(windowScore({ from, to: from + DAY }, from + DAY / 2)).toBeCloseTo(1, 12);
    expect(windowScore({ from, to: from + DAY }, from)).toBeCloseTo(0.9, 12);
    expect(windowScore({ from, to: from + 7 * DAY }, from + 3.5 * DAY)).toBeCloseTo(1 / (1 + Math.log(7)), 12);
    expect(windowScore({ from, to: from + 365 * DAY }, from)).toBeLessThan(windowScore({ from, to: from + 31 * DAY }, from));
  });
});
