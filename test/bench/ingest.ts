/**
 * Ingest and search benchmark: `npm run bench:ingest -- [--turns 100000] [--batch 1000] [--db path]
 * [--keep] [--queries 500] [--json]`.
 *
 * Writes synthetic conversation turns durably into a file memory (embedded store, hash embedder)
 * through `memory.addEpisodes`, one atomic commit per batch, and measures turns/s over the ingest
 * alone. Then closes the memory and reopens the file as the user's next process would, runs warm-up
 * queries (not counted) and times `memory.search(query, { k: 10 })` per query for p50/p99.
 * Peak RSS is sampled throughout. With --json, stdout carries exactly one JSON object.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createMemory, STRUCTURES, type EpisodeInput, type IngestReport, type Memory, type StructureName } from "@hippograph/memory";
import { describeCorpus, generateCorpus, generateQueries } from "./synthetic.js";
import { measureLlmCalls } from "./llm-calls.js";
import { percentile } from "./percentile.js";
import { Progress } from "./progress.js";
import { intOption } from "./int-option.js";

const GOALS = { turnsPerSec: 2000, structuredTurnsPerSec: 500, searchP50Ms: 5, searchP99Ms: 25 } as const;

function addCounts(into: Record<string, number>, report: IngestReport): void {
  for (const [k, v] of Object.entries(report)) into[k] = (into[k] ?? 0) + v;
}

interface Options {
  turns: number;
  batch: number;
  db: string | undefined;
  keep: boolean;
  queries: number;
  warmup: number;
  json: boolean;
  seed: number;
  durability: "normal" | "full";
  order: "session" | "conversation";
  /** Memory structures built during ingest (`memory.ingest`); empty = episodes only (`addEpisodes`). */
  structures: StructureName[];
  /** Also measure the LLM path (scripted OpenAI-compatible server): calls per 100 turns. */
  llm: boolean;
  llmTurns: number;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      turns: { type: "string" },
      structures: { type: "string", default: "none" },
      llm: { type: "boolean", default: false },
      "llm-turns": { type: "string", default: "500" },
      batch: { type: "string", default: "1000" },
      db: { type: "string" },
      keep: { type: "boolean", default: false },
      queries: { type: "string", default: "500" },
      warmup: { type: "string", default: "10" },
      json: { type: "boolean", default: false },
      seed: { type: "string", default: "42" },
      durability: { type: "string", default: "full" },
      order: { type: "string", default: "session" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      "usage: npm run bench:ingest -- [--turns N] [--batch N] [--db PATH] [--keep] [--queries N] [--warmup N]\n" +
        "                              [--seed N] [--durability full|normal] [--order session|conversation]\n" +
        "                              [--structures none|all|entities,events,notes,hypergraph] [--llm [--llm-turns N]] [--json]\n" +
        "  --turns defaults to 100000 for episodes only and 20000 with structures.\n",
    );
    process.exit(0);
  }
  if (values.durability !== "full" && values.durability !== "normal") throw new Error(`--durability must be "full" or "normal"`);
  if (values.order !== "session" && values.order !== "conversation") throw new Error(`--order must be "session" or "conversation"`);
  const structures: StructureName[] = values.structures === "none" ? [] : values.structures === "all" ? [...STRUCTURES] : (values.structures.split(",") as StructureName[]);
  const unknown = structures.filter((x) => !(STRUCTURES as readonly string[]).includes(x));
  if (unknown.length > 0) throw new Error(`--structures: unknown ${unknown.join(", ")}`);
  return {
    structures,
    llm: values.llm,
    llmTurns: intOption("llm-turns", values["llm-turns"], 1),
    turns: intOption("turns", values.turns ?? (structures.length > 0 ? "20000" : "100000"), 1),
    batch: intOption("batch", values.batch, 1),
    db: values.db === undefined ? undefined : resolve(values.db),
    keep: values.keep,
    queries: intOption("queries", values.queries, 1),
    warmup: intOption("warmup", values.warmup, 1),
    json: values.json,
    seed: intOption("seed", values.seed, 0),
    durability: values.durability,
    order: values.order,
  };
}

// ---- measurement helpers -------------------------------------------------------------------

let peakRss = 0;
function sampleRss(): void {
  const rss = process.memoryUsage.rss();
  if (rss > peakRss) peakRss = rss;
}

const ms = (from: bigint, to: bigint) => Number(to - from) / 1e6;
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

function fileBytes(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, name) => sum + fileBytes(join(path, name)), 0);
}

/** Every file the embedded store keeps beside the database. */
function companions(db: string): string[] {
  return [db, `${db}-wal`, `${db}-shm`, `${db}-journal`, `${db}.ann`];
}

// ---- the run -------------------------------------------------------------------------------

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const sampler = setInterval(sampleRss, 20);
  sampler.unref();

  const genStart = process.hrtime.bigint();
  const corpus = generateCorpus({ turns: o.turns, seed: o.seed, order: o.order });
  const queries = generateQueries(corpus, o.warmup + o.queries, o.seed + 1);
  const generateMs = ms(genStart, process.hrtime.bigint());
  const episodes: EpisodeInput[] = corpus.turns.map((t) => ({ id: t.id, text: t.text, speaker: t.speaker, thread: t.thread, session: t.session, at: t.at }));

  let dir: string | undefined;
  let dbPath: string;
  if (o.db === undefined) {
    dir = mkdtempSync(join(tmpdir(), "hippograph-bench-"));
    dbPath = join(dir, "bench.sqlite");
  } else {
    dbPath = o.db;
    // Refuse to write into (and later delete) a file we did not create.
    const taken = companions(dbPath).filter(existsSync);
    if (taken.length > 0) throw new Error(`${taken.join(", ")} already exist(s); pass a new --db path or delete it first`);
  }

  try {
    // ---- ingest: one atomic, durable commit per batch ----
    sampleRss();
    let memory: Memory = await createMemory({ path: dbPath, durability: o.durability });
    const ingestStart = process.hrtime.bigint();
    const progress = new Progress(episodes.length, ingestStart);
    const batchMs: number[] = [];
    const built: Record<string, number> = {};
    for (let i = 0; i < episodes.length; i += o.batch) {
      const t0 = process.hrtime.bigint();
      const batch = episodes.slice(i, i + o.batch);
      if (o.structures.length === 0) await memory.addEpisodes(batch);
      else addCounts(built, await memory.ingest(batch, { structures: o.structures }));
      batchMs.push(ms(t0, process.hrtime.bigint()));
      sampleRss();
      progress.update(Math.min(i + o.batch, episodes.length));
    }
    const ingestMs = ms(ingestStart, process.hrtime.bigint());
    progress.done();
    const closeStart = process.hrtime.bigint();
    await memory.close();
    const closeMs = ms(closeStart, process.hrtime.bigint());
    const dbBytesAfterIngest = fileBytes(dbPath) + fileBytes(`${dbPath}-wal`);

    // ---- reopen, as the user's next process would ----
    const reopenStart = process.hrtime.bigint();
    memory = await createMemory({ path: dbPath, durability: o.durability });
    const reopenMs = ms(reopenStart, process.hrtime.bigint());
    sampleRss();
    const stats = await memory.stats();
    if (stats.nodes.episode !== episodes.length) {
      throw new Error(`reopened memory holds ${stats.nodes.episode ?? 0} episodes; ${episodes.length} were written`);
    }

    // ---- search: warm-up (the first query loads the vector partition), then timed queries ----
    const warmupMs: number[] = [];
    for (const q of queries.slice(0, o.warmup)) {
      const t0 = process.hrtime.bigint();
      await memory.search(q.text, { k: 10 });
      warmupMs.push(ms(t0, process.hrtime.bigint()));
      sampleRss();
    }
    const latencies: number[] = [];
    const byKind = new Map<string, number[]>();
    let empty = 0;
    for (const q of queries.slice(o.warmup)) {
      const t0 = process.hrtime.bigint();
      const hits = await memory.search(q.text, { k: 10 });
      const elapsed = ms(t0, process.hrtime.bigint());
      latencies.push(elapsed);
      if (!byKind.has(q.kind)) byKind.set(q.kind, []);
      byKind.get(q.kind)!.push(elapsed);
      if (hits.length === 0) empty++;
      sampleRss();
    }
    await memory.close();
    sampleRss();

    const llmPath = o.llm ? await measureLlmCalls(episodes.slice(0, o.llmTurns), o.structures.length > 0 ? o.structures : [...STRUCTURES], o.batch) : undefined;
    const sorted = [...latencies].sort((a, b) => a - b);
    const dbBytes = fileBytes(dbPath) + fileBytes(`${dbPath}-wal`);
    const annBytes = fileBytes(`${dbPath}.ann`);
    const turnsPerSec = episodes.length / (ingestMs / 1000);
    const result = {
      turns: episodes.length,
      batch: o.batch,
      turnsPerSec: Math.round(turnsPerSec),
      structures: o.structures,
      ...(o.structures.length > 0 ? { built } : {}),
      ...(llmPath ? { llmCalls: llmPath } : {}),
      rssMB: round(peakRss / 2 ** 20, 1),
      searchP50Ms: round(percentile(sorted, 50), 3),
      searchP99Ms: round(percentile(sorted, 99), 3),
      reopenMs: round(reopenMs, 1),
      dbMB: round(dbBytes / 2 ** 20, 1),
      node: process.version,
      // extras
      durability: o.durability,
      order: o.order,
      seed: o.seed,
      queries: latencies.length,
      ingestMs: round(ingestMs, 0),
      batchP50Ms: round(percentile([...batchMs].sort((a, b) => a - b), 50), 1),
      batchMaxMs: round(Math.max(...batchMs), 1),
      firstBatchMs: round(batchMs[0] ?? 0, 1),
      lastBatchMs: round(batchMs[batchMs.length - 1] ?? 0, 1),
      closeMs: round(closeMs, 1),
      firstSearchMs: round(warmupMs[0] ?? 0, 1),
      searchMeanMs: round(latencies.reduce((a, b) => a + b, 0) / latencies.length, 3),
      searchP90Ms: round(percentile(sorted, 90), 3),
      searchMaxMs: round(sorted[sorted.length - 1] ?? 0, 3),
      searchP50ByKindMs: Object.fromEntries([...byKind].map(([k, v]) => [k, round(percentile(v.sort((a, b) => a - b), 50), 3)])),
      emptyResults: empty,
      dbMBAfterIngest: round(dbBytesAfterIngest / 2 ** 20, 1),
      annMB: round(annBytes / 2 ** 20, 1),
      edges: stats.edges,
      corpus: describeCorpus(corpus),
      generateMs: round(generateMs, 0),
      goals: {
        turnsPerSec: turnsPerSec >= (o.structures.length > 0 ? GOALS.structuredTurnsPerSec : GOALS.turnsPerSec),
        searchP50Ms: percentile(sorted, 50) <= GOALS.searchP50Ms,
        searchP99Ms: percentile(sorted, 99) <= GOALS.searchP99Ms,
      },
      ...(o.keep ? { db: dbPath } : {}),
    };

    if (o.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      const mark = (ok: boolean) => (ok ? "ok " : "MISS");
      const lines = [
        `hippograph ingest bench — node ${result.node}, ${result.turns.toLocaleString("en")} turns in batches of ${result.batch} (durability ${o.durability}, ${o.order} order, seed ${o.seed})`,
        `  corpus      ${result.corpus.conversations} conversations, ${result.corpus.sessions} sessions, ${result.corpus.avgWords} words/turn, ${result.corpus.vocabulary.toLocaleString("en")} distinct words (generated in ${result.generateMs} ms)`,
        `  [${mark(result.goals.turnsPerSec)}] ingest  ${result.turnsPerSec.toLocaleString("en")} turns/s  (${(result.ingestMs / 1000).toFixed(1)} s; batch p50 ${result.batchP50Ms} ms, first ${result.firstBatchMs} ms, last ${result.lastBatchMs} ms, max ${result.batchMaxMs} ms; goal >= ${GOALS.turnsPerSec})`,
        `  reopen      ${result.reopenMs} ms; first search ${result.firstSearchMs} ms (warm-up, not counted)`,
        `  [${mark(result.goals.searchP50Ms)}] search  p50 ${result.searchP50Ms} ms  (goal <= ${GOALS.searchP50Ms})`,
        `  [${mark(result.goals.searchP99Ms)}] search  p99 ${result.searchP99Ms} ms  (goal <= ${GOALS.searchP99Ms}); p90 ${result.searchP90Ms}, mean ${result.searchMeanMs}, max ${result.searchMaxMs} over ${result.queries} queries; ${empty} returned nothing`,
        `  by kind     ${Object.entries(result.searchP50ByKindMs).map(([k, v]) => `${k} ${v}`).join(", ")} (p50 ms)`,
        `  memory      peak RSS ${result.rssMB} MB`,
        `  disk        ${result.dbMB} MB database + ${result.annMB} MB saved ANN index${o.keep ? ` (kept at ${dbPath})` : ""}`,
      ];
      process.stdout.write(`${lines.join("\n")}\n`);
    }
  } finally {
    clearInterval(sampler);
    if (!o.keep) {
      for (const p of companions(dbPath)) rmSync(p, { recursive: true, force: true });
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:ingest failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
