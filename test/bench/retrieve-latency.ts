/**
 * The default retrieval pipeline's latency at scale: a file-backed memory of `memories` synthetic
 * conversation turns in ONE namespace (the worst case: nothing to scope away), with entity nodes
 * and mention edges built by the rule-based extractor, reopened as the next process would, then
 * `memory.retrieve(query)` timed per query (warm-up queries not counted).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMemory, type EpisodeInput } from "@hippograph/memory";
import { percentile } from "./percentile.js";
import { generateCorpus, generateQueries } from "./synthetic.js";

const NS = "bench";
const BATCH = 1000;

export interface LatencyReport {
  memories: number;
  nodes: number;
  edges: number;
  queries: number;
  searchP50Ms: number;
  searchP99Ms: number;
  /** Mean milliseconds per operator, from the pipeline's own trace. */
  perOperatorMs: Record<string, number>;
  ingestMs: number;
}

export async function latencySection(o: { memories: number; queries: number; seed: number; log: (line: string) => void }): Promise<LatencyReport> {
  const dir = mkdtempSync(join(tmpdir(), "hippograph-retrieve-"));
  const path = join(dir, "memory.db");
  try {
    const corpus = generateCorpus({ turns: o.memories, seed: o.seed });
    const episodes: EpisodeInput[] = corpus.turns.map((t) => ({ id: t.id, text: t.text, speaker: t.speaker, thread: t.thread, session: t.session, at: t.at }));
    const started = performance.now();
    let memory = await createMemory({ path, namespace: NS });
    for (let i = 0; i < episodes.length; i += BATCH) {
      await memory.ingest(episodes.slice(i, i + BATCH), { structures: ["entities"] });
      if ((i / BATCH) % 10 === 0) o.log(`ingested ${i + BATCH} / ${episodes.length}`);
    }
    const ingestMs = performance.now() - started;
    await memory.close();
    memory = await createMemory({ path, namespace: NS });
    const stats = await memory.stats({ ns: NS });
    const queries = generateQueries(corpus, o.queries + 20, o.seed).map((q) => q.text);
    for (const q of queries.slice(0, 20)) await memory.retrieve(q);
    const times: number[] = [];
    const perOperator: Record<string, number> = {};
    for (const q of queries.slice(20)) {
      const t0 = performance.now();
      const result = await memory.retrieve(q);
      times.push(performance.now() - t0);
      for (const t of result.trace) perOperator[t.step] = (perOperator[t.step] ?? 0) + t.ms;
    }
    await memory.close();
    times.sort((a, b) => a - b);
    const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
    return {
      memories: o.memories, nodes: sum(stats.nodes), edges: sum(stats.edges), queries: times.length,
      searchP50Ms: round(percentile(times, 50)), searchP99Ms: round(percentile(times, 99)),
      perOperatorMs: Object.fromEntries(Object.entries(perOperator).map(([k, v]) => [k, round(v / times.length)])),
      ingestMs: Math.round(ingestMs),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (x: number) => Math.round(x * 100) / 100;
