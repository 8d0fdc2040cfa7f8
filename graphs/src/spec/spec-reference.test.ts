import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { specReference } from "./spec-reference.js";

const DOC = new URL("../../../docs/agent-graphs.md", import.meta.url);
const START = "<!-- spec-reference:start (generated from the Zod schema; UPDATE_DOCS=1 npx vitest run graphs/src/spec/spec-reference.test.ts) -->";
const END = "<!-- spec-reference:end -->";

describe("docs/agent-graphs.md", () => {
  it("embeds the spec reference generated from the schema, unchanged", () => {
    const doc = readFileSync(DOC, "utf8");
    const [head, rest] = doc.split(START);
    const tail = rest?.split(END)[1];
    expect(head !== undefined && tail !== undefined, "the doc lost its spec-reference markers").toBe(true);
    const fresh = `${head}${START}\n${specReference()}\n${END}${tail}`;
    if (process.env.UPDATE_DOCS === "1") writeFileSync(DOC, fresh);
    else expect(doc, "the spec changed: regenerate with UPDATE_DOCS=1").toBe(fresh);
  });
});
