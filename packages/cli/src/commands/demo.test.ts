/** The demo: offline, fast, and ranked results that say where each hit came from. */
import { describe, expect, it } from "vitest";
import { runCli, workspace } from "../testing/harness.js";

interface DemoHit {
  rank: number;
  score: number;
  foundBy: string[];
  evidence: Record<string, { rank: number; score: number }>;
  path: string;
  explanation: { seed: string; path: { id: string; via: string }[] } | null;
  speaker: string | null;
  at: string | null;
  text: string;
}

describe("hippograph demo", () => {
  it("--json: 4 questions, at most 5 hits each, descending activation, and every hit says how it was found", async () => {
    const { code, stdout, stderr } = await runCli(["demo", "--json"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { episodes: number; timings: { totalMs: number }; questions: { kind: string; question: string; hits: DemoHit[] }[] };
    expect(out.episodes).toBeGreaterThanOrEqual(36);
    expect(out.questions).toHaveLength(4);
    for (const q of out.questions) {
      expect(q.hits.length).toBeGreaterThan(0);
      expect(q.hits.length).toBeLessThanOrEqual(5);
      const scores = q.hits.map((h) => h.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      for (const h of q.hits) {
        // Found by a seed channel itself, or reached through the graph from a seed along a path of edges.
        if (h.foundBy.length === 0) expect(h.explanation!.path.length).toBeGreaterThan(0);
        expect(h.foundBy.every((c) => ["bm25", "events", "time"].includes(c))).toBe(true);
        expect(h.evidence.spread).toBeDefined();
        expect(h.speaker).toMatch(/\S/);
        expect(h.at).toMatch(/^\d{4}-\d\d-\d\dT/);
      }
    }
    // Some answer is reached only through the graph (a `next` edge from the turn that matched).
    expect(out.questions.flatMap((q) => q.hits).some((h) => h.foundBy.length === 0 && h.explanation!.path[0]!.via === "next")).toBe(true);
    // The lexical question must find its words at the top.
    expect(out.questions[0]!.hits[0]!.text.toLowerCase()).toContain("seaweed sourdough");
    expect(out.timings.totalMs).toBeLessThan(10_000);
  });

  it("prints a table per question for people", async () => {
    const { code, stdout } = await runCli(["demo"]);
    expect(code).toBe(0);
    expect(stdout.match(/^Q\d \(/gm)).toHaveLength(4);
    expect(stdout).toContain("found by");
    expect(stdout).toMatch(/Total \d/);
    expect(stdout).toContain("kept in memory only"); // nothing for the studio to open: it says so
  });

  it("with --db keeps the memory, and the studio command it prints opens it", async () => {
    const ws = workspace();
    try {
      const { code, stdout } = await runCli(["--db", ws.db, "demo"]);
      expect(code).toBe(0);
      const hint = /npm run studio -- (.+), then/.exec(stdout)?.[1];
      expect(hint).toBe(`--db ${ws.db}`);
      const stats = await runCli(["--json", ...hint!.split(" "), "stats"]); // the same file, read as the studio reads it
      expect(stats.code).toBe(0);
      expect(JSON.parse(stats.stdout).totals.nodes.episode).toBeGreaterThanOrEqual(36);
    } finally {
      ws.cleanup();
    }
  });
});
