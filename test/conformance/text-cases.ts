import { describe, expect, it } from "vitest";
import type { TextDoc } from "@hippograph/memory";
import { freshNs, uid } from "./fixtures.js";
import { useBackend } from "./harness.js";
import type { ConformanceTarget } from "./kit.js";

/** Padding documents keep test terms rare, so BM25's idf is positive and ranking is meaningful. */
function filler(ns: string, n = 12): TextDoc[] {
  return Array.from({ length: n }, (_, i) => ({ ns, id: uid("fill"), kind: "note", text: `weather report number ${i} cloudy skies` }));
}

const NASTY_QUERIES = [
  '"AND', "AND", "OR NOT", "fox*", "*", "(fox", "fox)", "title:fox", "^fox", "-fox", "NEAR(fox dog)", 'fox "dog',
  '"unbalanced', "fox AND dog OR NOT cat", "{fox}", "fox:", "+fox", "fox~2", "[fox TO dog]", "'", "\\", "fox; DROP TABLE x", "",
  "   ", "!", "#@%&", "fox'", "NEAR/3",
];

export function textCases(target: ConformanceTarget): void {
  describe("text index", () => {
    const slot = useBackend(target);
    const ids = async (ns: string, query: string, extra: { k?: number; kinds?: string[] } = {}) =>
      (await slot.b.text.search({ ns, query, k: extra.k ?? 20, ...(extra.kinds ? { kinds: extra.kinds } : {}) })).map((h) => h.id);

    it("ranks a document repeating the rare query term above one with it once (BM25 term frequency)", async () => {
      const ns = freshNs();
      const [many, once] = [uid("t"), uid("t")];
      await slot.b.text.index([
        ...filler(ns),
        { ns, id: once, kind: "note", text: "zebra alpha beta gamma" },
        { ns, id: many, kind: "note", text: "zebra zebra zebra alpha" },
      ]);
      const hits = await slot.b.text.search({ ns, query: "zebra", k: 10 });
      expect(hits.map((h) => h.id)).toEqual([many, once]);
      expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    });

    it("ranks a document with both query terms above documents with only one", async () => {
      const ns = freshNs();
      const [both, z, y] = [uid("t"), uid("t"), uid("t")];
      await slot.b.text.index([
        ...filler(ns),
        { ns, id: z, kind: "note", text: "zebra pasture filler words" },
        { ns, id: both, kind: "note", text: "zebra yak filler words" },
        { ns, id: y, kind: "note", text: "yak pasture filler words" },
      ]);
      const got = await ids(ns, "zebra yak");
      expect(got[0]).toBe(both);
      expect([...got].sort()).toEqual([both, y, z].sort());
    });

    it("never throws on query syntax characters from FTS or Lucene", async () => {
      const ns = freshNs();
      await slot.b.text.index([...filler(ns, 3), { ns, id: uid("t"), kind: "note", text: "the quick fox jumps over the dog" }]);
      for (const query of NASTY_QUERIES) {
        const hits = await slot.b.text.search({ ns, query, k: 5 }).catch((err: unknown) => {
          throw new Error(`query ${JSON.stringify(query)} threw: ${String(err)}`);
        });
        expect(Array.isArray(hits), JSON.stringify(query)).toBe(true);
      }
    });

    it("treats operators and syntax as plain words, never as query syntax", async () => {
      const ns = freshNs();
      const [fox, foxglove, cat] = [uid("t"), uid("t"), uid("t")];
      await slot.b.text.index([
        ...filler(ns),
        { ns, id: fox, kind: "note", text: "a red fox" },
        { ns, id: foxglove, kind: "note", text: "a foxglove flower" },
        { ns, id: cat, kind: "note", text: "a grey cat" },
      ]);
      expect(await ids(ns, "fox*")).toEqual([fox]);
      expect(await ids(ns, "NOT fox")).toEqual([fox]);
      expect(await ids(ns, "-fox")).toEqual([fox]);
      expect(await ids(ns, "title:fox")).toEqual([fox]);
      expect(await ids(ns, '"fox')).toEqual([fox]);
      expect([...(await ids(ns, "fox OR cat"))].sort()).toEqual([fox, cat].sort());
      expect([...(await ids(ns, "(fox) AND (cat)"))].sort()).toEqual([fox, cat].sort());
    });

    it("folds diacritics both ways", async () => {
      const ns = freshNs();
      const [zurich, cafe] = [uid("t"), uid("t")];
      await slot.b.text.index([
        ...filler(ns),
        { ns, id: zurich, kind: "note", text: "Meeting in Zürich on Monday" },
        { ns, id: cafe, kind: "note", text: "the cafe by the lake" },
      ]);
      expect(await ids(ns, "zurich")).toEqual([zurich]);
      expect(await ids(ns, "ZÜRICH")).toEqual([zurich]);
      expect(await ids(ns, "café")).toEqual([cafe]);
    });

    it("indexes unicode text and ids and finds them by non-Latin words", async () => {
      const ns = freshNs();
      const [ru, gr, emo] = [`ру-${uid("t")}`, `ελ-${uid("t")}`, `🦛-${uid("t")}`];
      await slot.b.text.index([
        ...filler(ns),
        { ns, id: ru, kind: "note", text: "Встреча в Москве завтра" },
        { ns, id: gr, kind: "note", text: "Συνάντηση στην Αθήνα" },
        { ns, id: emo, kind: "note", text: "hippo 🦛 emoji dinner שָׁלוֹם" },
      ]);
      expect(await ids(ns, "москве")).toEqual([ru]);
      expect(await ids(ns, "Αθήνα")).toEqual([gr]);
      expect(await ids(ns, "hippo")).toEqual([emo]);
    });

    it("re-indexing an id replaces its text", async () => {
      const ns = freshNs();
      const id = uid("t");
      await slot.b.text.index([...filler(ns), { ns, id, kind: "note", text: "original aardvark" }]);
      await slot.b.text.index([{ ns, id, kind: "note", text: "replacement okapi" }]);
      expect(await ids(ns, "aardvark")).toEqual([]);
      expect(await ids(ns, "okapi")).toEqual([id]);
    });

    it("delete removes documents, in its namespace only", async () => {
      const [ns1, ns2] = [freshNs(), freshNs()];
      const [a, b] = [uid("t"), uid("t")];
      await slot.b.text.index([
        ...filler(ns1),
        { ns: ns1, id: a, kind: "note", text: "axolotl one" },
        { ns: ns1, id: b, kind: "note", text: "axolotl two" },
        { ns: ns2, id: a, kind: "note", text: "axolotl three" },
      ]);
      await slot.b.text.delete({ ns: ns1, ids: [a, uid("missing")] });
      expect(await ids(ns1, "axolotl")).toEqual([b]);
      expect(await ids(ns2, "axolotl")).toEqual([a]);
    });

    it("keeps namespaces apart and filters by kinds", async () => {
      const [ns1, ns2] = [freshNs(), freshNs()];
      const [e, n, x] = [uid("t"), uid("t"), uid("t")];
      await slot.b.text.index([
        ...filler(ns1),
        { ns: ns1, id: e, kind: "entity", text: "platypus entity" },
        { ns: ns1, id: n, kind: "note", text: "platypus note" },
        { ns: ns2, id: x, kind: "note", text: "platypus elsewhere" },
      ]);
      expect([...(await ids(ns1, "platypus"))].sort()).toEqual([e, n].sort());
      expect(await ids(ns1, "platypus", { kinds: ["entity"] })).toEqual([e]);
      expect([...(await ids(ns1, "platypus", { kinds: ["entity", "note"] }))].sort()).toEqual([e, n].sort());
      expect(await ids(ns2, "platypus")).toEqual([x]);
      expect(await ids(ns1, "elsewhere")).toEqual([]);
    });

    it("honours k", async () => {
      const ns = freshNs();
      await slot.b.text.index(Array.from({ length: 8 }, (_, i) => ({ ns, id: uid("t"), kind: "note", text: `quokka ${"x ".repeat(i)}` })));
      expect(await ids(ns, "quokka", { k: 3 })).toHaveLength(3);
    });
  });
}
