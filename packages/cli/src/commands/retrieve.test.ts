/** Retrieve: the pipeline of graph operators from the command line, a custom pipeline from a file. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { jsonl, runCli, workspace } from "../testing/harness.js";

let ws: ReturnType<typeof workspace>;
beforeEach(() => (ws = workspace()));
afterEach(() => ws.cleanup());

const turns = [
  // A statement: a reply to a question would be indexed with it, and found without the graph.
  "The move to another flat might happen soon.",
  "Yes, we signed for a flat near the river last week.",
  "Congratulations! Is it big?",
  "I started learning the cello this spring.",
].map((text, i) => ({ id: `t${i + 1}`, text, speaker: i % 2 ? "Ann" : "Bo", thread: "chat", at: `2024-01-01T10:00:0${i}Z` }));

async function ingest(): Promise<void> {
  const { code } = await runCli(["--db", ws.db, "ingest", ws.file("chat.jsonl", jsonl(turns))]);
  expect(code).toBe(0);
}

describe("hippograph retrieve", () => {
  it("runs the default pipeline and explains items reached through the graph", async () => {
    await ingest();
    const { code, stdout, stderr } = await runCli(["--db", ws.db, "retrieve", "move to another flat", "--json"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { items: { id: string; explanation: { seed: string; path: { via: string }[] } | null }[]; context: { text: string }; trace: { op: string }[] };
    expect(out.items[0]!.id).toBe("t1");
    const answer = out.items.find((x) => x.id === "t2")!;
    expect(answer.explanation).toEqual({ seed: "t1", path: [{ id: "t2", via: "next" }] });
    expect(out.context.text).toContain("flat near the river");
    expect(out.trace.map((t) => t.op)).toEqual(["bm25", "bm25", "time", "spread", "speaker", "filter", "pack"]);
  });

  it("names the namespaces that hold memories when the one asked for holds none", async () => {
    const { code } = await runCli(["--db", ws.db, "--ns", "team/chat", "ingest", ws.file("chat.jsonl", jsonl(turns))]);
    expect(code).toBe(0);
    for (const command of ["retrieve", "search"]) {
      const { code: exit, stdout } = await runCli(["--db", ws.db, "--ns", "chat", command, "cello"]);
      expect(exit).toBe(0);
      expect(stdout).toBe('No results: namespace "chat" holds no memories. Namespaces in this file: team/chat. Pass one with --ns.\n');
    }
    const { stdout } = await runCli(["--db", ws.db, "--ns", "team/chat", "retrieve", "zeppelin"]);
    expect(stdout).toBe('No results in namespace "team/chat".\n');
  });

  it("takes a pipeline from a JSON file", async () => {
    await ingest();
    const file = ws.file("p.json", JSON.stringify([{ op: "bm25", k: 5 }, { op: "filter", k: 1 }]));
    const { code, stdout } = await runCli(["--db", ws.db, "retrieve", "cello", "--pipeline", file, "--json"]);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { items: { id: string }[] }).items.map((x) => x.id)).toEqual(["t4"]);
  });

  it("shows the nodes a multi-hop path passes through in its table", async () => {
    await ingest();
    const steps = [{ op: "bm25", k: 1 }, { op: "spread", hops: 2, decay: 0.5, fanOut: 0, threshold: 0, edgeWeights: { next: 1 } }, { op: "filter", kinds: ["episode"], k: 5 }];
    const { code, stdout } = await runCli(["--db", ws.db, "retrieve", "cello", "--pipeline", ws.file("two-hops.json", JSON.stringify(steps))]);
    expect(code).toBe(0);
    // From the cello turn (t4) back along the thread: t3 in one hop, t2 through t3 in two.
    expect(stdout).toMatch(/t4 →next→ \s/);
    expect(stdout).toContain("t4 →next→ t3 →next→");
  });

  it("refuses a bad pipeline with exit 3, naming the step, before opening the database", async () => {
    const file = ws.file("bad.json", JSON.stringify([{ op: "bm25" }, { op: "spread", decay: 3 }]));
    const { code, stderr } = await runCli(["--db", ws.db, "retrieve", "x", "--pipeline", file]);
    expect(code).toBe(3);
    expect(stderr).toContain("steps[1].decay");
    const missing = await runCli(["--db", ws.db, "retrieve", "x", "--pipeline", ws.file("nothing-here.txt", "").replace(/nothing-here/, "absent")]);
    expect(missing.code).toBe(5);
  });
});
