/** Ingest: JSONL and LoCoMo in, the whole file validated before the first write. */
import { existsSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { jsonl, runCli, workspace } from "../testing/harness.js";

let ws: ReturnType<typeof workspace>;
beforeEach(() => (ws = workspace()));
afterEach(() => ws.cleanup());

const turn = (i: number, text = `turn number ${i}`) => ({ id: `t${i}`, text, speaker: i % 2 ? "Ann" : "Bo", thread: "chat", at: `2024-01-01T10:00:${String(i % 60).padStart(2, "0")}Z` });

/** Nodes in the --db file; a refused ingest leaves no file at all, which counts as 0 (stats refuses a missing file with exit 5). */
async function nodeCount(): Promise<number> {
  if (!existsSync(ws.db)) return 0;
  const { code, stdout } = await runCli(["--db", ws.db, "stats", "--json"]);
  expect(code).toBe(0);
  return (JSON.parse(stdout) as { totals: { totalNodes: number } }).totals.totalNodes;
}

describe("hippograph ingest (JSONL)", () => {
  it("ingests in batches, then search finds an ingested line", async () => {
    const file = ws.file("chat.jsonl", jsonl([turn(1), turn(2, "the lighthouse keeper painted the door teal"), "", turn(3)]));
    const ingest = await runCli(["--db", ws.db, "ingest", file, "--batch-size", "2", "--json"]);
    expect(ingest.stderr).toBe("");
    expect(ingest.code).toBe(0);
    expect(JSON.parse(ingest.stdout)).toMatchObject({ format: "jsonl", episodes: 3, namespaces: ["default"] });
    const search = await runCli(["--db", ws.db, "search", "lighthouse teal", "-k", "3", "--json"]);
    expect(search.code).toBe(0);
    const { hits } = JSON.parse(search.stdout) as { hits: { id: string; kind: string; text: string }[] };
    expect(hits[0]).toMatchObject({ id: "t2", kind: "episode", text: "the lighthouse keeper painted the door teal" });
    const human = await runCli(["--db", ws.db, "search", "lighthouse"]);
    expect(human.stdout).toMatch(/1\s+\d\.\d{4}.*t2\s+episode\s+the lighthouse/);
  });

  it.each([
    ["malformed JSON on line 3", [turn(1), turn(2), "{oops"], [], /line 3: invalid JSON/],
    ["a wrong type on line 2", [turn(1), { text: 12 }], [], /line 2: text: .*expected string/],
    ["text over the size limit", [turn(1), turn(2, "x".repeat(50))], ["--max-text-chars", "20"], /line 2: text: text is longer than the limit of 20/],
    ["an unknown field", [turn(1), { ...turn(2), mood: "happy" }], [], /line 2: .*mood/],
  ])("refuses %s with exit 3, naming the line, and writes nothing", async (_name, lines, extra, message) => {
    const file = ws.file("bad.jsonl", jsonl(lines));
    const { code, stderr, stdout } = await runCli(["--db", ws.db, "ingest", file, ...extra]);
    expect(code).toBe(3);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
    expect(await nodeCount()).toBe(0);
  });

  it("finds a bad line far into the file before writing any batch", async () => {
    const lines: unknown[] = Array.from({ length: 2500 }, (_, i) => turn(i));
    lines.push({ text: "late", at: "yesterday-ish" });
    const file = ws.file("long.jsonl", jsonl(lines));
    const { code, stderr } = await runCli(["--db", ws.db, "--json", "ingest", file, "--batch-size", "500"]);
    expect(code).toBe(3);
    const { error } = JSON.parse(stderr) as { error: { code: string; issues: { path: string; message: string }[] } };
    expect(error.code).toBe("VALIDATION");
    expect(error.issues).toEqual([{ path: "line 2501: at", message: expect.stringMatching(/^"yesterday-ish" is not an ISO-8601 date/) }]);
    expect(await nodeCount()).toBe(0);
  });

  it("refuses an id repeated in a later batch, and bytes that are not UTF-8, naming the line, before writing", async () => {
    const repeated = ws.file("repeat.jsonl", jsonl([turn(0), turn(1), turn(2), turn(3), turn(4), turn(4, "again")]));
    const dup = await runCli(["--db", ws.db, "--json", "ingest", repeated, "--batch-size", "3"]);
    expect(dup.code).toBe(3);
    expect(JSON.parse(dup.stderr).error.issues).toEqual([{ path: "line 6: id", message: 'repeats the id of line 5 ("t4")' }]);
    const latin1 = ws.file("latin1.jsonl", Buffer.concat([Buffer.from(`${JSON.stringify(turn(0))}\n{"text":"caf`), Buffer.from([0xe9]), Buffer.from(' ok"}\n')]));
    const bytes = await runCli(["--db", ws.db, "--json", "ingest", latin1]);
    expect(bytes.code).toBe(3);
    expect(JSON.parse(bytes.stderr).error.issues[0].path).toBe("line 2");
    expect(await nodeCount()).toBe(0);
  });
});

const conversation = (id: string) => ({
  sample_id: id,
  conversation: {
    speaker_a: "Ann", speaker_b: "Bo",
    session_1_date_time: "4:05 pm on 2 March, 2024",
    session_1: [{ speaker: "Ann", dia_id: "D1:1", text: "I adopted a greyhound called Pixel." }, { speaker: "Bo", dia_id: "D1:2", text: "Lovely!" }],
  },
  qa: [{ question: "What is the dog called?", answer: "Pixel", evidence: ["D1:1"], category: 1 }],
});

describe("hippograph ingest (LoCoMo)", () => {
  it("puts each conversation in <ns>/<sample_id>, or all in --ns with --single-namespace", async () => {
    const file = ws.file("locomo.json", JSON.stringify([conversation("c-1"), conversation("c-2")]));
    const split = await runCli(["--db", ws.db, "--ns", "bench", "ingest", file, "--json"]);
    expect(split.code).toBe(0);
    expect(JSON.parse(split.stdout)).toMatchObject({ format: "locomo", episodes: 4, conversations: 2, questions: 2, namespaces: ["bench/c-1", "bench/c-2"] });
    const search = await runCli(["--db", ws.db, "--ns", "bench/c-2", "search", "greyhound", "--json"]);
    expect((JSON.parse(search.stdout) as { hits: { id: string }[] }).hits[0]!.id).toBe("c-2:D1:1");
    const single = await runCli(["--db", ws.db, "--ns", "all", "ingest", file, "--single-namespace", "--json"]);
    expect(JSON.parse(single.stdout)).toMatchObject({ namespaces: ["all"] });
  });

  it("refuses a bad shape with exit 3, naming the JSON path", async () => {
    const bad = conversation("c-2");
    (bad.conversation.session_1[1] as { text: unknown }).text = null;
    const file = ws.file("bad.json", JSON.stringify([conversation("c-1"), bad]));
    const { code, stderr } = await runCli(["--db", ws.db, "ingest", file]);
    expect(code).toBe(3);
    expect(stderr).toContain("[1].conversation.session_1[1].text");
    expect(await nodeCount()).toBe(0);
  });

  it("refuses a sample_id given twice (its turns would overwrite the first's), and reads a file with a BOM", async () => {
    const twice = ws.file("twice.json", JSON.stringify([conversation("c-1"), conversation("c-1")]));
    const dup = await runCli(["--db", ws.db, "--json", "ingest", twice]);
    expect(dup.code).toBe(3);
    expect(JSON.parse(dup.stderr).error.issues[0]).toMatchObject({ path: "[1].sample_id" });
    expect(await nodeCount()).toBe(0);
    const bom = ws.file("bom.json", `\uFEFF${JSON.stringify([conversation("c-9")])}`);
    const read = await runCli(["--db", ws.db, "--json", "ingest", bom]);
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout)).toMatchObject({ format: "locomo", episodes: 2 });
  });
});
