import type { Command } from "commander";
import { DEFAULT_PIPELINE, SEED_OPS, type RetrievedItem } from "@hippograph/memory";
import { globals, withMemory } from "../context.js";
import { excerpt, isoDate, printJson, round, table } from "../format.js";
import { writeAll, type CliIO } from "../io.js";
import { DEMO_CONVERSATION } from "./demo-conversation.js";

/** One question per way of asking: the same words, other words, a person, a time. */
export const DEMO_QUESTIONS = [
  { kind: "lexical", question: "seaweed sourdough" },
  { kind: "paraphrase", question: "who got hired to bake pastries at the new shop?" },
  { kind: "person", question: "What did Dr. Okafor do?" },
  { kind: "temporal", question: "when is the fieldwork trip to Boa Vista?" },
] as const;

const TOP = 5;

export function registerDemo(program: Command, io: CliIO): void {
  program
    .command("demo")
    .description("load a short sample conversation, build its memory graph, and show what graph retrieval finds and why (offline, a few seconds)")
    .action(async (_options: unknown, command: Command) => {
      const g = globals(command);
      const started = performance.now();
      const episodes = DEMO_CONVERSATION;
      // In memory unless given a file (`npm run demo` gives .hippograph/demo.db, for the studio to show).
      await withMemory({ ...g, db: g.dbGiven ? g.db : ":memory:" }, async (memory) => {
        const t0 = performance.now();
        await memory.ingest(episodes, { ns: g.ns });
        const ingestMs = performance.now() - t0;
        const results = [];
        for (const q of DEMO_QUESTIONS) {
          const t = performance.now();
          const { items } = await memory.retrieve(q.question, { ns: g.ns, pipeline: DEMO_PIPELINE });
          results.push({ ...q, ms: performance.now() - t, hits: items.slice(0, TOP).map(toJson) });
        }
        const timings = { ingestMs: round(ingestMs), totalMs: round(performance.now() - started) };
        if (g.json) return printJson(io, { episodes: episodes.length, namespace: g.ns, timings, questions: results });
        let out = `Ingested ${episodes.length} episodes of a sample conversation, with entities, events, notes and hyperedges, in ${timings.ingestMs} ms (namespace "${g.ns}").\n`;
        for (const [i, r] of results.entries()) {
          out += `\nQ${i + 1} (${r.kind}): ${r.question}   [${round(r.ms, 3)} ms]\n`;
          const rows = r.hits.map((h) => [String(h.rank), h.score.toFixed(3), h.foundBy.join(","), h.path, h.speaker ?? "", (h.at ?? "").slice(0, 10), excerpt(h.text, 60)]);
          out += rows.length ? table(["#", "score", "found by", "path", "speaker", "date", "text"], rows) : "  (no results)\n";
        }
        out += `\nTotal ${timings.totalMs} ms. Score = activation: seeds from BM25 (over turns and over events) and the dates in the question, spread along the memory graph; "path" is how activation reached a turn from its seed.\n`;
        out += g.dbGiven
          ? `See it in the browser: npm run studio -- --db ${g.db}${g.nsGiven ? ` --ns ${g.ns}` : ""}, then ask one of the questions.\n`
          : "It was kept in memory only: give --db <file> to keep it, and the studio can show it (npm run studio -- --db <file>).\n";
        await writeAll(io.stdout, out);
      });
    });
}

/** The default pipeline, keeping the turns themselves: the demo shows what was said, when, by whom. */
const DEMO_PIPELINE = DEFAULT_PIPELINE.map((s) => (s.op === "filter" ? { ...s, kinds: ["episode"] } : s));
/** The steps that find memories from the query itself: a hit in none of them was reached through the graph. */
const SEED_STEPS = new Set(DEMO_PIPELINE.filter((s) => SEED_OPS.has(s.op)).map((s) => s.name ?? s.op));

function toJson(hit: RetrievedItem, index: number) {
  const speaker = hit.node.attrs["speaker"];
  const path = hit.explanation?.path ?? [];
  return {
    rank: index + 1, id: hit.id, score: hit.score, foundBy: Object.keys(hit.evidence).filter((k) => SEED_STEPS.has(k)), evidence: hit.evidence,
    path: path.length === 0 ? "seed" : `${path.map((p) => p.via).join(" → ")} from ${hit.explanation!.seed}`, explanation: hit.explanation ?? null,
    speaker: typeof speaker === "string" ? speaker : null, at: isoDate(hit.node.time.at), text: hit.node.text,
  };
}
