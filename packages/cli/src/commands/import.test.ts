/** import: an export loads into a fresh database, resumes after an interruption, and refuses bad input. */
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonl, runCli, workspace } from "../testing/harness.js";

const ws = workspace();
const TURNS = 25;
let exported = "";

beforeAll(async () => {
  const turns = Array.from({ length: TURNS }, (_, i) => ({ id: `m${i}`, text: `message ${i} about Lisbon`, speaker: "Ann", thread: "t", source: { id: "ann" } }));
  expect((await runCli(["--db", ws.db, "ingest", ws.file("chat.jsonl", jsonl(turns))])).code).toBe(0);
  exported = join(ws.dir, "graph.json");
  expect((await runCli(["--db", ws.db, "export", "--format", "json", "--out", exported])).code).toBe(0);
});
afterAll(() => ws.cleanup());

const stats = async (db: string) => JSON.parse((await runCli(["--db", db, "--ns", "copy", "stats", "--json"])).stdout) as { nodes: Record<string, number>; edges: Record<string, number> };

describe("hippograph import", () => {
  it("loads an export into another database with every node, edge, text and provenance", async () => {
    const target = join(ws.dir, "copy.db");
    const { code, stdout } = await runCli(["--db", target, "--ns", "copy", "--json", "import", exported, "--batch-size", "7"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ nodes: TURNS, edges: TURNS - 1 });
    expect(await stats(target)).toMatchObject({ nodes: { episode: TURNS }, edges: { next: TURNS - 1 } });
    const { hits } = JSON.parse((await runCli(["--db", target, "--ns", "copy", "--json", "search", "message 7 Lisbon", "-k", "1"])).stdout) as { hits: { id: string }[] };
    expect(hits[0]?.id).toBe("m7");
    const exportedAgain = JSON.parse((await runCli(["--db", target, "--ns", "copy", "export", "--format", "json"])).stdout) as { nodes: { key: string; attributes: { source: { id: string }; text: string } }[] };
    expect(exportedAgain.nodes.find((n) => n.key === "m7")?.attributes).toMatchObject({ source: { id: "ann" }, text: "message 7 about Lisbon" });
    expect(existsSync(`${exported}.import-progress.json`)).toBe(false);
  });

  it("resumes from its checkpoint instead of starting over", async () => {
    const target = join(ws.dir, "resumed.db");
    // As if an earlier run had written 10 nodes and then died: the rest must still arrive, exactly once.
    await runCli(["--db", target, "--ns", "copy", "import", exported, "--batch-size", "10"]);
    const full = await stats(target);
    writeFileSync(`${exported}.import-progress.json`, JSON.stringify({ target: `embedded:${target}:copy`, nodes: 10, edges: 0 }));
    const { code, stdout } = await runCli(["--db", target, "--ns", "copy", "--json", "import", exported]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ resumedFrom: { nodes: 10, edges: 0 } });
    expect(await stats(target)).toEqual(full);
  });

  it("names the bad line, refuses a foreign checkpoint and a missing backend configuration", async () => {
    const bad = ws.file("bad.json", '{"attributes":{},\n"nodes":[\n{"key":"a","attributes":{"kind":"episode"}},\n{"key":"b", oops\n],\n"edges":[\n]}\n');
    const broken = await runCli(["--db", join(ws.dir, "bad.db"), "import", bad]);
    expect(broken.code).toBe(3);
    expect(broken.stderr).toMatch(/line 4/);
    writeFileSync(`${exported}.import-progress.json`, JSON.stringify({ target: "embedded:/elsewhere.db:copy", nodes: 3, edges: 0 }));
    const foreign = await runCli(["--db", join(ws.dir, "x.db"), "--ns", "copy", "import", exported]);
    expect(foreign.code).toBe(3);
    expect(foreign.stderr).toMatch(/delete it to start over/);
    rmSync(`${exported}.import-progress.json`);
    const remote = await runCli(["--backend", "neo4j+qdrant", "import", exported]);
    expect(remote.code).toBe(3);
    expect(remote.stderr).toMatch(/NEO4J_URI/);
  });
});
