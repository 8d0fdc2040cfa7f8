import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { IncompatibleDatabaseError, NotOurDatabaseError } from "../../errors.js";
import { openEmbeddedStore } from "./embedded-store.js";
import { openDatabase, readMeta } from "./open-database.js";
import { APPLICATION_ID, FTS_TOKENIZE, FTS_TOKENIZE_V1, SCHEMA_SQL, SCHEMA_VERSION } from "./schema.js";
import { createLegacyFile } from "./test-legacy-file.js";
import { TempDirs } from "./test-temp-dirs.js";
import { tableTokenize } from "./fts-tokens.js";
import { COMMON_TERM_MIN_DOCS } from "./common-terms.js";

const temp = new TempDirs("open");
afterEach(() => temp.removeAll());
function tempFile(name = "db.sqlite"): string {
  return join(temp.make(), name);
}

const createVersion1File = (path: string) => createLegacyFile(path, 1);

function tableNames(db: Database.Database): string[] {
  return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
}

/** A Hippograph file claiming some other schema version (or none). */
function createFileAtVersion(path: string, version: string | undefined): void {
  const db = new Database(path);
  db.exec(SCHEMA_SQL);
  if (version !== undefined) db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?)").run(version);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  db.close();
}

describe("openDatabase", () => {
  it("creates a new file at the current schema version: a namespace registry and no shared FTS5 table", () => {
    const path = tempFile();
    const db = openDatabase({ path });
    expect(SCHEMA_VERSION).toBe(3);
    expect(readMeta(db, "schema_version")).toBe(String(SCHEMA_VERSION));
    expect(db.pragma("application_id", { simple: true })).toBe(APPLICATION_ID);
    expect(tableNames(db)).toContain("fts_spaces");
    expect(tableNames(db).filter((t) => t.startsWith("fts") && t !== "fts_spaces")).toEqual([]);
    db.close();
    const again = openDatabase({ path });
    expect(readMeta(again, "schema_version")).toBe("3");
    again.close();
  });

  it("gives a namespace's table the stemming tokenizer", async () => {
    const path = tempFile();
    const store = await openEmbeddedStore({ path, dimensions: 4 });
    await store.index([{ ns: "user", id: "a", kind: "episode", text: "pets" }]);
    await store.close();
    const db = openDatabase({ path, readonly: true });
    expect(tableTokenize(db, "fts_1")).toBe(FTS_TOKENIZE);
    db.close();
  });

  it.each([["4"], ["0"], ["two"], [undefined]])("refuses schema version %s without writing to the file", (version) => {
    const path = tempFile();
    createFileAtVersion(path, version);
    const before = readFileSync(path);
    expect(() => openDatabase({ path })).toThrow(IncompatibleDatabaseError);
    expect(() => openDatabase({ path })).toThrow(/reads versions 1, 2, 3/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it("refuses a file that is not SQLite, and another application's SQLite file, untouched", () => {
    const text = tempFile("notes.txt");
    writeFileSync(text, "not a database at all\n");
    expect(() => openDatabase({ path: text })).toThrow(NotOurDatabaseError);
    expect(readFileSync(text, "utf8")).toBe("not a database at all\n");

    const foreign = tempFile("other.sqlite");
    const db = new Database(foreign);
    db.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
    db.close();
    const before = readFileSync(foreign);
    expect(() => openDatabase({ path: foreign })).toThrow(NotOurDatabaseError);
    expect(readFileSync(foreign).equals(before)).toBe(true);

    const otherId = tempFile("other-id.sqlite");
    const other = new Database(otherId);
    other.pragma("application_id = 1234");
    other.close();
    expect(() => openDatabase({ path: otherId })).toThrow(/application_id is 0x4d2/);
  });

  it("opens a version-1 file as it is: still version 1, still its unstemmed index", () => {
    const path = tempFile();
    createVersion1File(path);
    const db = openDatabase({ path });
    expect(readMeta(db, "schema_version")).toBe("1");
    expect(tableTokenize(db, "fts")).toBe(FTS_TOKENIZE_V1);
    db.close();
    const readonly = openDatabase({ path, readonly: true });
    expect(readMeta(readonly, "schema_version")).toBe("1");
    readonly.close();
  });
});

describe("a version-1 file in the embedded store", () => {
  it("writes, searches and reopens, matching words unstemmed as its index was built", async () => {
    const path = tempFile();
    createVersion1File(path);
    const ns = "user";
    let store = await openEmbeddedStore({ path, dimensions: 4 });
    await store.index([
      { ns, id: "a", kind: "episode", text: "Ana talked about her pets" },
      { ns, id: "b", kind: "episode", text: "Bruno has one pet, a parrot" },
      { ns, id: "c", kind: "episode", text: "The café meeting ran late" },
    ]);
    const ids = async (query: string) => (await store.search({ ns, query, k: 10 })).map((h) => h.id).sort();
    expect(await ids("pets")).toEqual(["a"]);
    expect(await ids("pet")).toEqual(["b"]);
    expect(await ids("cafe meeting")).toEqual(["c"]);
    expect(await ids("meet")).toEqual([]);
    await store.close();

    store = await openEmbeddedStore({ path, dimensions: 4 });
    expect(await ids("parrot")).toEqual(["b"]);
    await store.delete({ ns, ids: ["b"] });
    expect(await ids("pet parrot")).toEqual([]);
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()).toBe("1");
    db.close();
  });

  it("prunes near-ubiquitous terms by their unstemmed form", async () => {
    const path = tempFile();
    createVersion1File(path);
    const store = await openEmbeddedStore({ path, dimensions: 4 });
    const docs = Array.from({ length: COMMON_TERM_MIN_DOCS + 100 }, (_, i) => ({ ns: "user", id: `d${i}`, kind: "episode", text: `meetings about topic ${i}` }));
    docs[7]!.text += " with alpha";
    await store.index(docs);
    const ids = async (query: string) => (await store.search({ ns: "user", query, k: 10 })).map((h) => h.id);
    expect(await ids("meetings alpha")).toEqual(["d7"]);
    expect(await ids("meetings")).toHaveLength(10);
    await store.close();
  });
});

describe("a version-2 file in the embedded store", () => {
  it("writes, searches stemmed, deletes and reopens through its shared table, still version 2", async () => {
    const path = tempFile();
    createLegacyFile(path, 2);
    let store = await openEmbeddedStore({ path, dimensions: 4 });
    await store.index([
      { ns: "user", id: "a", kind: "episode", text: "Ana talked about her pets" },
      { ns: "user", id: "b", kind: "fact", text: "Bruno has one pet, a parrot" },
      { ns: "other", id: "c", kind: "episode", text: "Carla also has pets" },
    ]);
    const ids = async (ns: string, query: string, kinds?: string[]) => (await store.search({ ns, query, k: 10, kinds })).map((h) => h.id).sort();
    expect(await ids("user", "pet")).toEqual(["a", "b"]);
    expect(await ids("user", "pet", ["fact"])).toEqual(["b"]);
    expect(await ids("other", "pets")).toEqual(["c"]);
    await store.close();

    store = await openEmbeddedStore({ path, dimensions: 4 });
    await store.delete({ ns: "user", ids: ["a"] });
    await store.index([{ ns: "user", id: "b", kind: "fact", text: "Bruno sold the parrot" }]);
    expect(await ids("user", "pets")).toEqual([]);
    expect(await ids("user", "parrot")).toEqual(["b"]);
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()).toBe("2");
    // The shared table took every write; no per-namespace table appeared.
    expect(tableNames(db).filter((t) => /^fts_(spaces|\d+)/.test(t))).toEqual([]);
    expect(db.prepare("SELECT count(*) FROM fts WHERE fts MATCH 'body : parrot'").pluck().get()).toBe(1);
    db.close();
  });
});
