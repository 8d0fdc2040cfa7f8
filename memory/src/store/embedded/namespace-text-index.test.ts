import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { TextDoc } from "../../ports/text-index.js";
import { COMMON_TERM_MIN_DOCS } from "./common-terms.js";
import { openEmbeddedStore, type EmbeddedStore } from "./embedded-store.js";
import { openDatabase } from "./open-database.js";
import { createLegacyFile } from "./test-legacy-file.js";
import { openTextTables } from "./open-text-tables.js";
import { FtsSpaces } from "./fts-spaces.js";
import { TempDirs } from "./test-temp-dirs.js";

const temp = new TempDirs("fts");
afterEach(() => temp.removeAll());
function tempFile(): string {
  return join(temp.make(), "db.sqlite");
}

/** The FTS tables and registry rows of a file, read by a connection of its own. */
function ftsLayout(path: string): { tables: string[]; spaces: { ns: string; n: number }[] } {
  const db = new Database(path, { readonly: true });
  try {
    return {
      tables: db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'fts_[0-9]*' AND sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name").pluck().all() as string[],
      spaces: db.prepare("SELECT ns, n FROM fts_spaces ORDER BY n").all() as { ns: string; n: number }[],
    };
  } finally {
    db.close();
  }
}

const tenantA: TextDoc[] = [
  { ns: "a", id: "a1", kind: "episode", text: "Ana adopted a parrot and two pets from the shelter" },
  { ns: "a", id: "a2", kind: "episode", text: "The garden needs watering every morning" },
  { ns: "a", id: "a3", kind: "fact", text: "Ana's pets sleep in the garden shed" },
  { ns: "a", id: "a4", kind: "episode", text: "Bruno plays chess on Tuesdays" },
  // Unrelated documents make A's query terms rare, so that their BM25 scores are far from zero.
  ...Array.from({ length: 16 }, (_, i) => ({ ns: "a", id: `x${i}`, kind: "episode", text: `The weather report number ${i} says rain` })),
];
/** Many long documents that share A's terms: enough to move every bm25() statistic of a shared table. */
const tenantB: TextDoc[] = Array.from({ length: 300 }, (_, i) => ({
  ns: "b", id: `b${i}`, kind: i % 2 === 0 ? "episode" : "fact",
  text: `pets ${i % 3 === 0 ? "parrot garden" : "garden"} chess ${"filler words about many other things ".repeat(1 + (i % 7))}`,
}));
const queries = ["pets", "parrot garden", "garden chess", "Ana's pets in the garden"];

async function scoresOfA(store: EmbeddedStore) {
  const out = [];
  for (const query of queries) {
    out.push(await store.search({ ns: "a", query, k: 10 }));
    out.push(await store.search({ ns: "a", query, k: 10, kinds: ["fact"] }));
  }
  return out;
}

describe("NamespaceTextIndex (schema version 3)", () => {
  // Guards tenant isolation of BM25: in the shared table of versions 1 and 2, bm25() counted every
  // namespace's documents, so tenant B's writes changed tenant A's scores (the last case shows it).
  it("scores a namespace by its own documents: another namespace's writes leave them identical", async () => {
    const store = await openEmbeddedStore({ path: ":memory:", dimensions: 4 });
    await store.index(tenantA);
    const before = await scoresOfA(store);
    expect(before[0]!.map((h) => h.id).sort()).toEqual(["a1", "a3"]);
    expect(before[0]![0]!.score).toBeGreaterThan(0.5);
    await store.index(tenantB);
    expect(await scoresOfA(store)).toEqual(before);
    await store.delete({ ns: "b", ids: tenantB.slice(0, 100).map((d) => d.id) });
    expect(await scoresOfA(store)).toEqual(before);
    // The same documents alone in a store of their own score the same, too.
    const alone = await openEmbeddedStore({ path: ":memory:", dimensions: 4 });
    await alone.index(tenantA);
    expect(await scoresOfA(alone)).toEqual(before);
    await Promise.all([store.close(), alone.close()]);
  });

  it("(the leak it guards against: a version-2 file's shared table moves A's scores)", async () => {
    const path = tempFile();
    createLegacyFile(path, 2);
    const store = await openEmbeddedStore({ path, dimensions: 4 });
    await store.index(tenantA);
    const before = await scoresOfA(store);
    await store.index(tenantB);
    const after = await scoresOfA(store);
    expect(after.map((hits) => hits.map((h) => h.id).sort())).toEqual(before.map((hits) => hits.map((h) => h.id).sort()));
    const [was, now] = [before[0]![0]!.score, after[0]![0]!.score];
    expect(was).toBeGreaterThan(0.5);
    expect(Math.abs(now - was) / was).toBeGreaterThan(0.05);
    await store.close();
  });

  it("judges common terms by the namespace's own counts", async () => {
    const store = await openEmbeddedStore({ path: ":memory:", dimensions: 4 });
    // In "big", "meetings" is rare (100 of 2100 documents); in "noisy" it is everywhere. Global counts
    // would call it common and prune it from big's queries; big's own counts keep it.
    const big = Array.from({ length: COMMON_TERM_MIN_DOCS + 100 }, (_, i) => ({
      ns: "big", id: `d${i}`, kind: "episode", text: `${i < 100 ? "meetings" : "notes"} about topic ${i}`,
    }));
    big[1500]!.text += " with alpha";
    const noisy = Array.from({ length: 3000 }, (_, i) => ({ ns: "noisy", id: `n${i}`, kind: "episode", text: `meetings ${i}` }));
    await store.index([...big, ...noisy]);
    const ids = async (ns: string, query: string) => (await store.search({ ns, query, k: 10 })).map((h) => h.id);
    expect(await ids("big", "meetings alpha")).toHaveLength(10);
    expect(await ids("big", "meetings alpha")).toContain("d1500");
    // Common within its own namespace, it is still pruned: only the rare term is scored.
    expect(await ids("noisy", "meetings 17")).toEqual(["n17"]);
    await store.close();
  });

  it("filters kinds, re-indexes in place and deletes within the namespace's table", async () => {
    const store = await openEmbeddedStore({ path: ":memory:", dimensions: 4 });
    await store.index(tenantA);
    const ids = async (query: string, kinds?: string[]) => (await store.search({ ns: "a", query, k: 10, kinds })).map((h) => h.id).sort();
    expect(await ids("pets", ["fact"])).toEqual(["a3"]);
    await store.index([{ ns: "a", id: "a1", kind: "fact", text: "Ana gave the parrot away" }]);
    expect(await ids("pets")).toEqual(["a3"]);
    expect(await ids("parrot", ["fact"])).toEqual(["a1"]);
    await store.delete({ ns: "a", ids: ["a1", "missing"] });
    await store.delete({ ns: "nobody", ids: ["a3"] });
    expect(await ids("parrot")).toEqual([]);
    expect(await ids("pets")).toEqual(["a3"]);
    expect(await store.search({ ns: "nobody", query: "pets", k: 10 })).toEqual([]);
    await store.close();
  });

  it("leaves no registry row and no table when the batch that created them fails, and the namespace works later", async () => {
    const path = tempFile();
    const store = await openEmbeddedStore({ path, dimensions: 4 });
    await store.index([{ ns: "kept", id: "k", kind: "episode", text: "kept pets" }]);
    const broken = [
      { ns: "fresh", id: "f1", kind: "episode", text: "fresh pets" },
      { ns: "other", id: "o1", kind: "episode", text: "other pets" },
      // Fails in the text step, after it has created the tables of "fresh" and "other".
      { ns: "fresh", id: "f2", kind: "episode", text: undefined as unknown as string },
    ];
    await expect(store.index(broken)).rejects.toThrow();
    expect(ftsLayout(path)).toEqual({ tables: ["fts_1", "fts_1_terms"], spaces: [{ ns: "kept", n: 1 }] });
    expect(await store.search({ ns: "fresh", query: "pets", k: 10 })).toEqual([]);

    // The rolled-back numbers are free again: "other" now takes the one "fresh" briefly had. A cache
    // that survived the rollback would send "fresh" to other's table.
    await store.index([{ ns: "other", id: "o1", kind: "episode", text: "other pets" }]);
    expect(await store.search({ ns: "fresh", query: "pets", k: 10 })).toEqual([]);
    await store.index([{ ns: "fresh", id: "f1", kind: "episode", text: "fresh pets" }]);
    expect((await store.search({ ns: "fresh", query: "pets", k: 10 })).map((h) => h.id)).toEqual(["f1"]);
    expect((await store.search({ ns: "other", query: "pets", k: 10 })).map((h) => h.id)).toEqual(["o1"]);
    expect(ftsLayout(path).spaces).toEqual([{ ns: "kept", n: 1 }, { ns: "other", n: 2 }, { ns: "fresh", n: 3 }]);
    await store.close();
  });

  it("rolls back a whole memory batch (vectors and text) that fails after indexing a new namespace", async () => {
    const path = tempFile();
    const store = await openEmbeddedStore({ path, dimensions: 4 });
    await expect(store.commit({
      graph: {},
      vectors: [{ ns: "fresh", id: "f1", kind: "episode", vector: new Float32Array([1, 0, 0, 0]) }],
      texts: [
        { ns: "fresh", id: "f1", kind: "episode", text: "fresh pets" },
        { ns: "fresh", id: "f2", kind: "episode", text: null as unknown as string },
      ],
    })).rejects.toThrow();
    expect(ftsLayout(path)).toEqual({ tables: [], spaces: [] });
    expect(await store.search({ ns: "fresh", query: "pets", k: 10 })).toEqual([]);
    expect(await store.search({ ns: "fresh", vector: new Float32Array([1, 0, 0, 0]), k: 10 })).toEqual([]);
    await store.close();
  });

  it("finds its namespaces' tables again after a reopen, and a read-only open searches without creating any", async () => {
    const path = tempFile();
    let store = await openEmbeddedStore({ path, dimensions: 4 });
    await store.index(tenantA);
    await store.index(tenantB.slice(0, 20));
    const before = await scoresOfA(store);
    await store.close();

    store = await openEmbeddedStore({ path, dimensions: 4 });
    expect(await scoresOfA(store)).toEqual(before);
    await store.index([{ ns: "a", id: "a5", kind: "episode", text: "A parrot called Kiwi" }]);
    expect((await store.search({ ns: "a", query: "kiwi", k: 10 })).map((h) => h.id)).toEqual(["a5"]);
    await store.close();
    const layout = ftsLayout(path);
    expect(layout.spaces).toEqual([{ ns: "a", n: 1 }, { ns: "b", n: 2 }]);
    expect(layout.tables).toEqual(["fts_1", "fts_1_terms", "fts_2", "fts_2_terms"]);

    const db = openDatabase({ path, readonly: true });
    const text = openTextTables(db);
    expect(text.search({ ns: "a", query: "kiwi", k: 10 }).map((h) => h.id)).toEqual(["a5"]);
    expect(text.search({ ns: "unknown", query: "kiwi", k: 10 })).toEqual([]);
    expect(text.has("b", "b3")).toBe(true);
    db.close();
    expect(ftsLayout(path)).toEqual(layout);
  });

  it("registers a namespace another connection created after this one cached it as tableless, instead of failing", async () => {
    const path = tempFile();
    await (await openEmbeddedStore({ path, dimensions: 4 })).close();
    const [one, two] = [openDatabase({ path }), openDatabase({ path })];
    try {
      const [mine, theirs] = [new FtsSpaces(one), new FtsSpaces(two)];
      expect(mine.find("late")).toBeUndefined(); // cached: no table
      const made = two.transaction(() => theirs.ensure("late")).immediate();
      // No reset() in between: inside its write transaction `ensure` must read the registry, not its cache.
      expect(one.transaction(() => mine.ensure("late")).immediate()).toBe(made);
      expect(ftsLayout(path).spaces).toEqual([{ ns: "late", n: made }]);
    } finally {
      one.close();
      two.close();
    }
  });

  it("sees a namespace that another connection created", async () => {
    const path = tempFile();
    const reader = await openEmbeddedStore({ path, dimensions: 4 });
    expect(await reader.search({ ns: "a", query: "pets", k: 10 })).toEqual([]);
    const writer = await openEmbeddedStore({ path, dimensions: 4 });
    await writer.index(tenantA);
    expect((await reader.search({ ns: "a", query: "pets", k: 10 })).map((h) => h.id).sort()).toEqual(["a1", "a3"]);
    await Promise.all([reader.close(), writer.close()]);
  });
});
