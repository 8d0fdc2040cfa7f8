import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../errors.js";
import type { EdgeFilter, NodeFilter } from "../../ports/graph-store.js";
import { edgeFilterQuery, nodeFilterQuery, type FilterQuery } from "./filter-query.js";
import { SCHEMA_SQL } from "./schema.js";

/** SQLite's plan for a filter query on a file of the current schema, after creating the indexes the query asks for. */
function plan(q: FilterQuery): string {
  const db = new Database(":memory:");
  try {
    db.exec(SCHEMA_SQL);
    for (const index of q.indexes) db.exec(index.sql);
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as { detail: string }[];
    return rows.map((r) => r.detail).join(" | ");
  } finally {
    db.close();
  }
}

const hex = (key: string) => Buffer.from(key).toString("hex");
const node = (f: Omit<NodeFilter, "ns" | "limit">): FilterQuery => nodeFilterQuery({ ns: "a", limit: 10, ...f });
const edge = (f: Omit<EdgeFilter, "ns" | "limit">): FilterQuery => edgeFilterQuery({ ns: "a", limit: 10, ...f });
/** What SQLite fell back to before: every row of the namespace, through any index on ns alone (walked in id order or not). */
const NAMESPACE_SCAN = /USING INDEX \w+ \(ns=\?( AND id>\?)?\)/;

describe("filter queries are planned on the index of their narrowest term", () => {
  it.each([
    ["an attribute, by id", { attrs: { inReplyTo: "q" } }, `nodes_by_attr_id_${hex("inReplyTo")} (ns=? AND <expr>=?)`],
    ["an attribute, by id, paged", { kinds: ["episode"], attrs: { inReplyTo: "q" }, after: "x" }, `nodes_by_attr_id_${hex("inReplyTo")} (ns=? AND <expr>=? AND id>?)`],
    ["an attribute, latest first", { kinds: ["episode"], attrs: { thread: "t" }, order: "latest" as const }, `nodes_by_attr_${hex("thread")} (ns=? AND <expr>=?)`],
    ["a source, paged", { sourceId: "s", after: "x" }, "nodes_by_source_id (ns=? AND source_id=? AND id>?)"],
    ["one kind, paged", { kinds: ["hyperedge"], after: "x" }, "nodes_by_kind (ns=? AND kind=? AND id>?)"],
  ])("nodes: %s", (_, filter, index) => {
    const detail = plan(node(filter));
    expect(detail).toContain(`USING INDEX ${index}`);
    expect(detail).not.toContain("TEMP B-TREE"); // the index yields the order: a page stops at its limit
    expect(detail).not.toMatch(NAMESPACE_SCAN);
  });

  it("keeps the kind index out of the choice when an attribute or a source narrows more", () => {
    expect(plan(node({ kinds: ["hyperedge"], attrs: { memberKey: "k" } }))).toContain(`nodes_by_attr_id_${hex("memberKey")}`);
    expect(plan(node({ kinds: ["episode"], sourceId: "s" }))).toContain("nodes_by_source_id");
  });

  it("finds a node's edges through both endpoint indexes, not by scanning the namespace", () => {
    const detail = plan(edge({ nodeId: "n", kinds: ["link"], sourceId: "s", after: "x" }));
    expect(detail).toContain("edges_by_from (ns=? AND from_id=?)");
    expect(detail).toContain("edges_by_to (ns=? AND to_id=?)");
    expect(detail).not.toMatch(NAMESPACE_SCAN);
  });

  it("pages edges by source or by one kind in index order", () => {
    for (const [filter, index] of [
      [{ sourceId: "s", after: "x" }, "edges_by_source_id (ns=? AND source_id=? AND id>?)"],
      [{ kinds: ["next"], after: "x" }, "edges_by_kind (ns=? AND kind=? AND id>?)"],
    ] as const) {
      const detail = plan(edge(filter));
      expect(detail).toContain(`USING INDEX ${index}`);
      expect(detail).not.toContain("TEMP B-TREE");
    }
  });

  it("asks for each index it is planned around, partial where most nodes lack the attribute", () => {
    expect(node({ attrs: { memberKey: "k" } }).indexes.map((i) => i.sql)).toEqual([
      `CREATE INDEX IF NOT EXISTS nodes_by_attr_id_${hex("memberKey")} ON nodes (ns, json_extract(attrs, '$."memberKey"'), id) WHERE json_extract(attrs, '$."memberKey"') IS NOT NULL`,
    ]);
    expect(node({ kinds: ["note"] }).indexes).toEqual([]); // served by the schema's own
  });

  it("passes every value as a parameter, booleans as SQLite's 0 and 1", () => {
    const q = node({ kinds: ["a", "b"], sourceId: "s'; DROP TABLE nodes; --", attrs: { ok: true }, after: "x" });
    expect(q.sql).not.toContain("DROP");
    expect(q.params).toEqual(["a", '["a","b"]', "s'; DROP TABLE nodes; --", 1, "x", 10]);
  });

  it("rejects an attribute key that is not a plain name, naming it", () => {
    expect(() => node({ attrs: { "a') OR 1=1 --": 1 } })).toThrow(ValidationError);
    expect(() => node({ attrs: { "a') OR 1=1 --": 1 } })).toThrow(/attrs\.a'\) OR 1=1 --/);
  });
});
