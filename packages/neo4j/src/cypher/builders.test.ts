import { describe, expect, it } from "vitest";
import { KindRegistry } from "@hippograph/memory";
import { catalog } from "./catalog.js";
import { luceneQuery, queryTerms, scopeToken } from "./lucene.js";
import { findNodes } from "./node-read.js";
import { labelOf, relTypeOf } from "./statement.js";
import { searchDocs } from "./text.js";
import { schemaStatements } from "./schema.js";

describe("statement builders", () => {
  const kinds = new KindRegistry({ nodeKinds: ["document"], edgeKinds: ["cites"] });

  it("kinds map to labels and types from the allow-list only", () => {
    expect(labelOf(kinds, "document")).toBe("Document");
    expect(relTypeOf(kinds, "part_of")).toBe("PART_OF");
    expect(() => labelOf(kinds, "Note`) DETACH DELETE (n")).toThrow(/unknown node kind/);
    expect(() => relTypeOf(kinds, "LINK|X")).toThrow(/unknown edge kind/);
  });

  it("schema setup is idempotent: every statement says IF NOT EXISTS; uniqueness on (ns, id)", () => {
    const all = schemaStatements(kinds, { vectorDimensions: 16 });
    for (const s of all) expect(s.text).toContain("IF NOT EXISTS");
    expect(all[0]!.text).toBe("CREATE CONSTRAINT hg_node_identity IF NOT EXISTS FOR (n:HgNode) REQUIRE (n.ns, n.id) IS UNIQUE");
    expect(all.filter((s) => s.text.includes("FOR ()-[e:"))).toHaveLength(kinds.edgeKinds.size);
    expect(() => schemaStatements(kinds, { vectorDimensions: 0 })).toThrow(RangeError);
  });

  it("every statement scopes by namespace or is schema/admin; every read of edges applies the time view", () => {
    for (const [family, statements] of Object.entries(catalog())) {
      for (const s of statements) {
        if (/^(CREATE (CONSTRAINT|INDEX|FULLTEXT|VECTOR)|CALL db\.awaitIndexes)/.test(s.text) || family === "dropAll" || family === "listNamespaces") continue;
        expect(s.text.includes("ns") || "rows" in s.params || "keys" in s.params, family).toBe(true);
      }
    }
    for (const family of ["findNodes", "findEdges", "neighborsHop", "spreadActivation"]) {
      for (const s of catalog()[family]!) expect(s.text).toContain("$validAt IS NULL");
    }
  });
});

describe("findNodes atRange", () => {
  it("bounds travel as parameters; the text names only the bounds given, as plain range predicates", () => {
    const both = findNodes({ ns: "n", atRange: { from: 1_700_000_000_000, to: 1_700_086_400_000 }, limit: 5 });
    expect(both.text).toContain("AND n.at >= $atFrom\n  AND n.at < $atTo");
    expect(both.text).not.toContain("1700");
    expect(both.params).toMatchObject({ atFrom: 1_700_000_000_000, atTo: 1_700_086_400_000 });
    const from = findNodes({ ns: "n", atRange: { from: 3 }, limit: 5 });
    expect(from.text).toContain("n.at >= $atFrom");
    expect(from.text).not.toContain("$atTo");
    expect(from.params).not.toHaveProperty("atTo");
    expect(findNodes({ ns: "n", atRange: {}, limit: 5 }).text).toContain("n.at IS NOT NULL");
    expect(findNodes({ ns: "n", limit: 5 }).text).not.toContain("n.at >=");
    expect(() => findNodes({ ns: "n", atRange: { to: Number.POSITIVE_INFINITY }, limit: 5 })).toThrow(/atRange\.to/);
  });

  it("the schema indexes (ns, at) for the range seek", () => {
    const all = schemaStatements(new KindRegistry({}), {});
    expect(all.map((s) => s.text)).toContain("CREATE INDEX hg_node_time IF NOT EXISTS FOR (n:HgNode) ON (n.ns, n.at)");
  });
});

describe("full-text queries from user text", () => {
  it("quotes terms, drops stop words and syntax, and scopes by a hashed namespace token", () => {
    expect(queryTerms('fox* AND "dog" NOT title:cat~2')).toEqual(["fox", "dog", "title", "cat", "2"]);
    expect(luceneQuery("t1", "fox* OR (dog)")).toBe(`+scope:"${scopeToken("t1")}" +(text:"fox" text:"dog")`);
    expect(luceneQuery("t1", "AND OR NOT")).toBeUndefined();
    expect(luceneQuery("t1", '\\ " * ( ) : ~ ^ [ ] { } -')).toBeUndefined();
    expect(scopeToken("x".repeat(128))).toMatch(/^s[0-9a-f]{40}$/);
  });

  it("the Lucene query is itself a parameter: user text never reaches the statement text", () => {
    const evil = "zebra') YIELD node CALL { MATCH (m) DETACH DELETE m } //";
    const s = searchDocs({ ns: "t1", query: evil, k: 3 })!;
    expect(s.text).not.toContain("zebra");
    expect(s.text).not.toContain("DETACH");
    const built = String(s.params.lucene);
    const terms = built.slice(built.indexOf("+(") + 2, -1);
    expect(terms).toBe('text:"zebra" text:"yield" text:"node" text:"call" text:"match" text:"m" text:"detach" text:"delete"');
  });
});
