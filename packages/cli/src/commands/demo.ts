import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { readEpisodesJsonl, ValidationError, type SearchHit } from "@hippograph/memory";
import { globals, withMemory } from "../context.js";
import { channelCell, excerpt, isoDate, printJson, round, table } from "../format.js";
import { writeAll, type CliIO } from "../io.js";

// Resolved from this file, not the cwd, so `hippograph demo` works from anywhere in the checkout.
export const SAMPLE_CONVERSATION = fileURLToPath(new URL("../../../../examples/data/sample-conversation.jsonl", import.meta.url));

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
    .description("load a short sample conversation and show ranked hybrid search results (offline, a few seconds)")
    .action(async (_options: unknown, command: Command) => {
      const g = globals(command);
      const started = performance.now();
      const { episodes, errors } = await readEpisodesJsonl(SAMPLE_CONVERSATION);
      if (errors.length > 0) throw new ValidationError(errors, SAMPLE_CONVERSATION);
      // In memory unless the user asked for a file: the demo should leave nothing behind.
      await withMemory({ ...g, db: g.dbGiven ? g.db : ":memory:" }, async (memory) => {
        const t0 = performance.now();
        await memory.addEpisodes(episodes.map((e) => e.episode), { ns: g.ns });
        const ingestMs = performance.now() - t0;
        const results = [];
        for (const q of DEMO_QUESTIONS) {
          const t = performance.now();
          const hits = await memory.search(q.question, { ns: g.ns, k: TOP });
          results.push({ ...q, ms: performance.now() - t, hits: hits.map(toJson) });
        }
        const timings = { ingestMs: round(ingestMs), totalMs: round(performance.now() - started) };
        if (g.json) return printJson(io, { episodes: episodes.length, namespace: g.ns, timings, questions: results });
        let out = `Ingested ${episodes.length} episodes of a sample conversation in ${timings.ingestMs} ms (namespace "${g.ns}").\n`;
        for (const [i, r] of results.entries()) {
          out += `\nQ${i + 1} (${r.kind}): ${r.question}   [${round(r.ms, 3)} ms]\n`;
          const rows = r.hits.map((h) => [String(h.rank), h.score.toFixed(4), channelCell(h.channels, "bm25"), channelCell(h.channels, "vector"),
            h.speaker ?? "", (h.at ?? "").slice(0, 10), excerpt(h.text, 70)]);
          out += rows.length ? table(["#", "fused", "bm25", "vector", "speaker", "date", "text"], rows) : "  (no results)\n";
        }
        out += `\nTotal ${timings.totalMs} ms. Scores: fused = reciprocal-rank fusion of the BM25 and vector channels (#rank raw-score).\n`;
        await writeAll(io.stdout, out);
      });
    });
}

function toJson(hit: SearchHit, index: number) {
  const speaker = hit.node.attrs["speaker"];
  return {
    rank: index + 1, id: hit.id, score: hit.score, channels: hit.channels,
    speaker: typeof speaker === "string" ? speaker : null, at: isoDate(hit.node.time.at), text: hit.node.text,
  };
}
