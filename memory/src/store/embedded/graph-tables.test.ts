import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { NodeWrite } from "../../model/node.js";
import { GraphTables } from "./graph-tables.js";
import { openDatabase, type SqliteDb } from "./open-database.js";

const dirs: string[] = [];
const dbs: SqliteDb[] = [];
afterEach(() => {
  dbs.splice(0).forEach((db) => db.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function open(path: string): SqliteDb {
  const db = openDatabase({ path });
  dbs.push(db);
  return db;
}

const node = (id: string, source: string): NodeWrite => ({
  id, ns: "a", kind: "note", text: id, attrs: {}, source: { id: source, type: "system", trust: 1 },
  time: { at: null, validFrom: null, validTo: null }, change: { actor: "test", reason: "fixture", at: 1 },
});
const indexNames = (db: SqliteDb) => db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").pluck().all() as string[];

describe("GraphTables: indexes made by need", () => {
  it("answers a lookup without waiting while another connection holds the write lock, and makes the index once it is free", () => {
    const dir = mkdtempSync(join(tmpdir(), "hippograph-tables-"));
    dirs.push(dir);
    const path = join(dir, "db.sqlite");
    const writer = open(path);
    const writerTables = new GraphTables(writer);
    writer.transaction(() => writerTables.applyWrite({ nodes: [node("n1", "s1"), node("n2", "s2")] }))();
    const reader = new GraphTables(open(path));

    writer.prepare("BEGIN IMMEDIATE").run();
    // Creating the index here would wait out the 10 s busy timeout and then throw "database is locked".
    expect(reader.findNodes({ ns: "a", sourceId: "s1", limit: 10 }).map((n) => n.id)).toEqual(["n1"]);
    expect(indexNames(writer)).not.toContain("nodes_by_source_id");
    writer.prepare("COMMIT").run();

    expect(reader.findNodes({ ns: "a", sourceId: "s2", limit: 10 }).map((n) => n.id)).toEqual(["n2"]);
    expect(indexNames(writer)).toContain("nodes_by_source_id");
  });
});
