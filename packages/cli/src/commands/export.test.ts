/** stats and export over a small ingested conversation: counts agree, and both formats parse. */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonl, runCli, workspace } from "../testing/harness.js";

const ws = workspace();
const TURNS = 30;

beforeAll(async () => {
  const turns = Array.from({ length: TURNS }, (_, i) => ({ id: `m${i}`, text: `message ${i} with <markup> & "quotes" \u0001`, speaker: "Ann", thread: "t" }));
  const file = ws.file("chat.jsonl", jsonl(turns));
  expect((await runCli(["--db", ws.db, "ingest", file])).code).toBe(0);
  expect((await runCli(["--db", ws.db, "--ns", "other", "ingest", file, "--batch-size", "7"])).code).toBe(0);
});
afterAll(() => ws.cleanup());

describe("hippograph stats", () => {
  it("--ns: that namespace's counts per kind", async () => {
    const { code, stdout } = await runCli(["--db", ws.db, "--ns", "other", "stats", "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ ns: "other", nodes: { episode: TURNS }, edges: { next: TURNS - 1 }, totalNodes: TURNS, totalEdges: TURNS - 1 });
  });

  it("without --ns: every namespace and the totals", async () => {
    const { stdout } = await runCli(["--db", ws.db, "stats", "--json"]);
    const report = JSON.parse(stdout) as { namespaces: { ns: string; totalNodes: number }[]; totals: { totalNodes: number; totalEdges: number } };
    expect(report.namespaces.map((n) => [n.ns, n.totalNodes])).toEqual([["default", TURNS], ["other", TURNS]]);
    expect(report.totals).toMatchObject({ totalNodes: 2 * TURNS, totalEdges: 2 * (TURNS - 1) });
    expect((await runCli(["--db", ws.db, "stats"])).stdout).toMatch(/\(total\)\s+60\s+58/);
  });
});

describe("hippograph export", () => {
  it("json: graphology's shape with every node and edge", async () => {
    const { code, stdout } = await runCli(["--db", ws.db, "export", "--format", "json"]);
    expect(code).toBe(0);
    const graph = JSON.parse(stdout) as { attributes: { ns: string }; options: object; nodes: { key: string; attributes: { kind: string } }[]; edges: { source: string; target: string }[] };
    expect(graph.attributes).toEqual({ ns: "default" });
    expect(graph.options).toEqual({ type: "directed", multi: true, allowSelfLoops: true });
    expect(graph.nodes).toHaveLength(TURNS);
    expect(graph.edges).toHaveLength(TURNS - 1);
    const keys = new Set(graph.nodes.map((n) => n.key));
    for (const e of graph.edges) expect(keys.has(e.source) && keys.has(e.target)).toBe(true);
  });

  it("graphml: tabs and line breaks survive as character references, so ids cannot collide", async () => {
    const db = `${ws.dir}/ws.db`;
    const lines = jsonl([{ id: "tab\there", text: "a\r\nb" }, { id: "tab here", text: "c" }]);
    expect((await runCli(["--db", db, "ingest", ws.file("ws.jsonl", lines)])).code).toBe(0);
    const { stdout } = await runCli(["--db", db, "export", "--format", "graphml"]);
    expect(stdout).toContain('id="tab&#9;here"');
    expect(stdout).toContain("a&#13;&#10;b");
  });

  it("graphml: well-formed, one element per node and edge, text escaped", async () => {
    const out = `${ws.dir}/graph.graphml`;
    const { code, stdout } = await runCli(["--db", ws.db, "--ns", "other", "--json", "export", "--format", "graphml", "--out", out]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ nodes: TURNS, edges: TURNS - 1, out });
    const xml = readFileSync(out, "utf8");
    expect(xml.match(/<node /g)).toHaveLength(TURNS);
    expect(xml.match(/<edge /g)).toHaveLength(TURNS - 1);
    expect(xml).toContain("&lt;markup&gt; &amp; &quot;quotes&quot; \uFFFD");
    expect(wellFormed(xml)).toBe(true);
  });
});

/** Tags balance and nest, attributes are quoted, and no raw `<` or `&` sits in text. Enough for our own output. */
function wellFormed(xml: string): boolean {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = token.exec(body)) !== null) {
    consumed = token.lastIndex;
    const [, close, name, , selfClosing, text] = m;
    if (text !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(text)) return false;
    } else if (close) {
      if (stack.pop() !== name) return false;
    } else if (!selfClosing) stack.push(name!);
  }
  return consumed === body.length && stack.length === 0;
}
