import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { openEmbeddedStore } from "./embedded-store.js";
import { FtsTokenizer } from "./fts-tokens.js";
import { FTS_TOKENIZE, FTS_TOKENIZE_V1 } from "./schema.js";
import { COMMON_TERM_MIN_DOCS } from "./common-terms.js";
import { createLegacyFile } from "./test-legacy-file.js";

const ns = "user";

describe("FtsTokenizer", () => {
  it("yields the tokens FTS5 stores: Porter stems, folded diacritics, split punctuation", () => {
    const porter = new FtsTokenizer(FTS_TOKENIZE);
    expect(porter.tokens(["pets", "meeting", "meetings", "Café", "generalizations", "a’b", "’", "pets"])).toEqual([
      ["pet"], ["meet"], ["meet"], ["cafe"], ["gener"], ["a", "b"], [], ["pet"],
    ]);
    const plain = new FtsTokenizer(FTS_TOKENIZE_V1);
    expect(plain.tokens(["pets", "meeting", "Café"])).toEqual([["pets"], ["meeting"], ["cafe"]]);
  });
});

describe("TextTables: stemmed BM25", () => {
  it("matches inflections: pets finds pet, meeting finds meet", async () => {
    const store = await openEmbeddedStore({ path: ":memory:", dimensions: 4 });
    await store.index([
      { ns, id: "pet", kind: "episode", text: "Ana has a pet called Pixel" },
      { ns, id: "meet", kind: "episode", text: "We meet every Tuesday" },
      { ns, id: "other", kind: "episode", text: "Bruno runs marathons" },
    ]);
    const ids = async (query: string) => (await store.search({ ns, query, k: 10 })).map((h) => h.id);
    expect(await ids("Who has pets?")).toEqual(["pet"]);
    expect(await ids("the weekly meeting")).toEqual(["meet"]);
    expect(await ids("meetings")).toEqual(["meet"]);
    expect(await ids("marathon")).toEqual(["other"]);
    await store.close();
  });

  it("keeps namespaces apart in a version-2 file although porter also stems their hex scope tokens", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hippograph-text-"));
    const path = join(dir, "v2.sqlite");
    createLegacyFile(path, 2);
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const store = await openEmbeddedStore({ path, dimensions: 4 });
    // "team.", "teamN" and "teamn" end in the hex bytes 2e, 4e and 6e: porter drops that final "e".
    const spaces = ["team", "team.", "teamN", "teamn", "team.n", "team2"];
    await store.index(spaces.map((space) => ({ ns: space, id: `in ${space}`, kind: "episode", text: "our pets" })));
    for (const space of spaces) {
      expect((await store.search({ ns: space, query: "pet", k: 10 })).map((h) => h.id)).toEqual([`in ${space}`]);
    }
    await store.close();
  });

  it("still drops a query term that is near-ubiquitous in its stemmed form", async () => {
    const store = await openEmbeddedStore({ path: ":memory:", dimensions: 4 });
    const n = COMMON_TERM_MIN_DOCS + 100;
    // The namespace's fts5vocab table holds "meet" for all of these; the query says "meeting", which no document contains as such.
    const docs = Array.from({ length: n }, (_, i) => ({
      ns, id: `d${i}`, kind: "episode", text: `${i % 2 === 0 ? "meetings" : "meets"} about topic ${i}`,
    }));
    docs[7]!.text += " with alpha";
    await store.index(docs);
    const ids = async (query: string) => (await store.search({ ns, query, k: 10 })).map((h) => h.id);
    // "meeting" is pruned, so only the rare term is scored.
    expect(await ids("meeting alpha")).toEqual(["d7"]);
    expect(await ids("meets alpha")).toEqual(["d7"]);
    // Left alone, a common term is kept rather than leaving the query empty.
    expect(await ids("meeting")).toHaveLength(10);
    await store.close();
  });
});
