/** import: an export loads into a fresh database, resumes after an interruption, and refuses bad input. */
import { existsSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemory } from "@hippograph/memory";
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
    const { size, mtimeMs } = statSync(exported);
    const checkpoint = (source: string) => writeFileSync(`${exported}.import-progress.json`, JSON.stringify({ target: `embedded:${target}:copy`, source, nodes: 10, edges: 0 }));
    checkpoint(`${size}:${mtimeMs}`);
    const { code, stdout } = await runCli(["--db", target, "--ns", "copy", "--json", "import", exported]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ resumedFrom: { nodes: 10, edges: 0 } });
    expect(await stats(target)).toEqual(full);
    // Counts of another version of the file would skip records this one never wrote.
    checkpoint(`${size + 1}:${mtimeMs}`);
    const changed = await runCli(["--db", target, "--ns", "copy", "import", exported]);
    expect(changed.code).toBe(3);
    expect(changed.stderr).toMatch(/another version of this file/);
    rmSync(`${exported}.import-progress.json`);
  });

  it("keeps retracted records retracted in the copy, and names a record that is no export record", async () => {
    const source = join(ws.dir, "retracted.db");
    const memory = await createMemory({ path: source });
    await memory.addEpisodes([{ id: "keep", text: "the ferry leaves at noon" }, { id: "gone", text: "the ferry leaves at midnight" }], { ns: "copy" });
    await memory.retract("gone", { ns: "copy" });
    await memory.close();
    const file = join(ws.dir, "retracted.json");
    expect((await runCli(["--db", source, "--ns", "copy", "export", "--out", file])).code).toBe(0);
    const target = join(ws.dir, "retracted-copy.db");
    expect((await runCli(["--db", target, "--ns", "copy", "import", file])).code).toBe(0);
    const { hits } = JSON.parse((await runCli(["--db", target, "--ns", "copy", "--json", "search", "ferry leaves"])).stdout) as { hits: { id: string }[] };
    expect(hits.map((h) => h.id)).toEqual(["keep"]);
    const noAttributes = ws.file("no-attributes.json", '{"attributes":{},\n"nodes":[\n{"key":"n1","attributes":{"kind":"episode","text":"a"}},\n{"key":"n2"}\n],\n"edges":[\n]}\n');
    const bad = await runCli(["--json", "--db", join(ws.dir, "na.db"), "import", noAttributes]);
    expect(bad.code).toBe(3);
    expect(JSON.parse(bad.stderr).error.issues[0].path).toBe("line 4.attributes");
    const badKind = ws.file("bad-kind.json", '{"attributes":{},\n"nodes":[\n{"key":"a","attributes":{"kind":"episode","text":"x"}},\n{"key":"b","attributes":{"kind":"no such kind","text":"y"}}\n],\n"edges":[\n]}\n');
    const refused = await runCli(["--json", "--db", join(ws.dir, "bk.db"), "import", badKind]);
    expect(refused.code).toBe(3);
    expect(JSON.parse(refused.stderr).error.issues[0].path).toBe("line 4.kind"); // the memory's refusal, at the file's line
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
