/**
 * LoCoMo retrieval benchmark: `npm run bench:locomo -- [--json] [--data path] [--pipeline file.json]
 * [--only name,name]`.
 *
 * Reads ../shared/data/locomo10.json at run time (CC BY-NC 4.0: never copied into this repository),
 * ingests each conversation into its own namespace with every memory structure (turns as episodes
 * with their session dates and speakers, images by their captions), asks every question through
 * `memory.retrieve` with each pipeline, and scores turn-level evidence recall@5/10/25 and nDCG@10 as
 * the dataset's authors do, after its evidence clean-up (1,982 scorable questions). Parameters were
 * chosen on conversations 0–4; `heldOut` reports conversations 5–9 alone.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { createMemory, readLocomo, type LocomoConversation, type Memory, type StepSpec } from "@hippograph/memory";
import { aggregate, scoreQuestion, type QuestionScore } from "./locomo-metrics.js";
import { percentile } from "./percentile.js";
import { benchmarkPipelines } from "./locomo-pipelines.js";

const GOALS = { r10: 0.75, multiHopR10: 0.45 } as const;
const HELD_OUT_FROM = 5;

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    data: { type: "string", default: resolve(process.cwd(), "../shared/data/locomo10.json") },
    pipeline: { type: "string" },
    only: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  process.stdout.write(`usage: npm run bench:locomo -- [--json] [--data ../shared/data/locomo10.json] [--pipeline steps.json] [--only graph,bm25]
  Ingests LoCoMo (one namespace per conversation, every memory structure), asks its 1,982 scorable questions
  through each pipeline, and reports turn-level recall@5/10/25 and nDCG@10 overall, by category and on the
  held-out conversations 5-9. --pipeline adds your steps (a JSON array) as pipeline "custom".
`);
  process.exit(0);
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function ingest(conversations: readonly LocomoConversation[]): Promise<{ memory: Memory; ms: number }> {
  const memory = await createMemory();
  const started = performance.now();
  for (const [i, c] of conversations.entries()) {
    for (let at = 0; at < c.episodes.length; at += 250) await memory.ingest(c.episodes.slice(at, at + 250), { ns: namespace(c) });
    log(`ingested ${i + 1}/${conversations.length} conversations`);
  }
  return { memory, ms: performance.now() - started };
}

const namespace = (c: LocomoConversation) => `locomo-${c.sampleId}`;

interface Scored {
  conversation: number;
  category: number;
  score: QuestionScore;
}

async function evaluate(memory: Memory, conversations: readonly LocomoConversation[], steps: StepSpec[]): Promise<{ scores: Scored[]; latencies: number[] }> {
  const scores: Scored[] = [];
  const latencies: number[] = [];
  for (const [ci, c] of conversations.entries()) {
    for (const q of c.questions) {
      if (q.evidence.length === 0) continue; // unusable evidence after clean-up: not scorable
      const started = performance.now();
      const result = await memory.retrieve(q.question, { ns: namespace(c), pipeline: steps });
      latencies.push(performance.now() - started);
      const ranked = result.items.map((x) => String(x.node.attrs.diaId));
      scores.push({ conversation: ci, category: q.category, score: scoreQuestion(ranked, q.evidence) });
    }
  }
  return { scores, latencies };
}

if (!existsSync(values.data)) {
  process.stderr.write(`bench:locomo: no LoCoMo file at ${values.data} (pass --data <path to locomo10.json>)\n`);
  process.exit(5);
}
const conversations = await readLocomo(values.data);
const { memory, ms: ingestMs } = await ingest(conversations);
const pipelines = benchmarkPipelines();
if (values.pipeline) pipelines.custom = JSON.parse(readFileSync(values.pipeline, "utf8")) as StepSpec[];
const names = values.only ? values.only.split(",") : Object.keys(pipelines);

const report: Record<string, unknown> = {};
const heldOut: Record<string, unknown> = {};
const tuning: Record<string, unknown> = {};
let questions = 0;
for (const name of names) {
  const steps = pipelines[name];
  if (!steps) throw new Error(`unknown pipeline "${name}" (known: ${Object.keys(pipelines).join(", ")})`);
  await evaluate(memory, conversations.slice(0, 1), steps); // warm-up: lazy loads, JIT
  const { scores, latencies } = await evaluate(memory, conversations, steps);
  latencies.sort((a, b) => a - b);
  questions = scores.length;
  const all = aggregate(scores);
  report[name] = { overall: all.overall, byCategory: all.byCategory, latencyMs: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) } };
  const held = aggregate(scores.filter((s) => s.conversation >= HELD_OUT_FROM));
  const dev = aggregate(scores.filter((s) => s.conversation < HELD_OUT_FROM));
  heldOut[name] = { overall: held.overall, byCategory: held.byCategory };
  tuning[name] = { overall: dev.overall, byCategory: dev.byCategory };
  log(`${name.padEnd(20)} r10 ${all.overall.r10.toFixed(3)}  multi-hop ${all.byCategory["1"]?.r10.toFixed(3)}  dev ${dev.overall.r10.toFixed(3)}  held-out ${held.overall.r10.toFixed(3)}  p50 ${percentile(latencies, 50).toFixed(2)} ms`);
}
await memory.close();

const best = report.graph as { overall: QuestionScore; byCategory: Record<string, QuestionScore> } | undefined;
const output = {
  pipelines: report,
  default: "graph",
  questions,
  heldOut: { conversations: `${HELD_OUT_FROM}-${conversations.length - 1}`, pipelines: heldOut },
  tuning: { conversations: `0-${HELD_OUT_FROM - 1}`, pipelines: tuning },
  goals: best ? { r10: { goal: GOALS.r10, measured: best.overall.r10, met: best.overall.r10 >= GOALS.r10 }, multiHopR10: { goal: GOALS.multiHopR10, measured: best.byCategory["1"]?.r10, met: (best.byCategory["1"]?.r10 ?? 0) >= GOALS.multiHopR10 } } : undefined,
  ingestMs: Math.round(ingestMs),
};
if (values.json) process.stdout.write(`${JSON.stringify(output)}\n`);
else process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
