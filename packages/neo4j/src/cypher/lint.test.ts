import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILDER_MODULES, catalog } from "./catalog.js";

/**
 * Every statement the adapter can emit passes Neo4j's own Cypher linter (the one behind the VS Code
 * extension and Workspace): syntax, plus semantic checks — declared parameters, and functions and
 * procedures against the signature dump of a real Neo4j server that ships with the linter.
 */
const require = createRequire(import.meta.url);
// Its ESM build does not load; the CommonJS entry does.
const { lintCypherQuery } = require("@neo4j-cypher/language-support") as {
  lintCypherQuery(query: string, schema: unknown): { severity?: number; message: string }[];
};

let registry: { functions: unknown; procedures: unknown };

beforeAll(async () => {
  const main = require.resolve("@neo4j-cypher/language-support");
  const root = path.resolve(path.dirname(main), "../..");
  const file = path.join(root, "dist/esm/project/language-support/src/tests/testData.js");
  type TestData = { testData: { mockSchema: { functions: unknown; procedures: unknown } } };
  let loaded: TestData;
  try {
    // Natively (require of an ES module, Node >= 20.19): through Vite's transform this 4 MB file takes seconds.
    loaded = require(file) as TestData;
  } catch {
    loaded = (await import(pathToFileURL(file).href)) as TestData;
  }
  registry = { functions: loaded.testData.mockSchema.functions, procedures: loaded.testData.mockSchema.procedures };
}, 120_000);

function lint(text: string, params: Record<string, unknown>) {
  return lintCypherQuery(text, { ...registry, parameters: params, defaultLanguage: "CYPHER 5" });
}

describe("Cypher lint", () => {
  const all = catalog();

  it("covers every exported statement builder", () => {
    const exported = Object.values(BUILDER_MODULES).flatMap((m) => Object.entries(m).filter(([, v]) => typeof v === "function").map(([k]) => k));
    expect(exported.filter((name) => !(name in all))).toEqual([]);
  });

  it("the linter is live: it flags a typo, an undeclared parameter and an unknown function", () => {
    expect(lint("MATCH (n) RETURN n LIMTI 3", {}).length).toBeGreaterThan(0);
    expect(lint("RETURN $missing", {}).length).toBeGreaterThan(0);
    expect(lint("RETURN nosuchfn(1)", {}).length).toBeGreaterThan(0);
  });

  for (const [family, statements] of Object.entries(all)) {
    statements.forEach((s, i) => {
      it(`${family} #${i + 1}: no syntax or semantic errors, no warnings`, () => {
        const found = lint(s.text, s.params);
        expect(found.filter((d) => d.severity === 1).map((d) => d.message), s.text).toEqual([]);
        expect(found.map((d) => d.message), s.text).toEqual([]);
      });
    });
  }
});
