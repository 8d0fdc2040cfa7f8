/**
 * Graph-operator benchmark: `npm run bench:spread -- [--edges 1000000] [--nodes 200000] [--queries 100]
 * [--seed 42] [--memories 100000] [--search-queries 300] [--json]`.
 *
 * Builds two synthetic graphs in the embedded store's in-memory Adjacency — a memory-shaped one
 * (`buildMemoryGraph`: threads, events, entity mentions, hyperedges) and a random power-law one
 * (`buildGraph`: Zipf targets, so a few hubs gather tens of thousands of edges; mixed kinds and
 * weights) — each with a slice of edges invalidated, then times spreading activation and
 * personalized PageRank (forward push) from random seeds through the same TraversalGraph a query
 * uses, with the same parameters on both, chosen to activate large frontiers.
 *
 * Reported: edgesPerSec = edge relaxations / CPU seconds of the spreads on the memory-shaped graph
 * (goal >= 20M) and, as a yardstick for this machine, bareLoopEdgesPerSec: the relaxation loops of the
 * same spreads written bare (bare-spread.ts); PPR pushes/s; the same figures for the random graph under `randomGraph`; then
 * searchP50Ms / searchP99Ms of the default retrieval pipeline (`memory.retrieve`) on a reopened file
 * memory of --memories synthetic turns (default 100,000) with entity nodes (retrieve-latency.ts).
 * Progress goes to stderr; with --json, stdout carries exactly one JSON object.
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { Adjacency } from "../../memory/src/store/embedded/adjacency.js";
import { AdjacencyTraversal } from "../../memory/src/store/embedded/adjacency-traversal.js";
import type { TraversalGraph } from "../../memory/src/ports/traversal.js";
import { spreadActivation, type SpreadOptions } from "../../memory/src/retrieval/activation/spreading-activation.js";
import { forwardPush, type PprOptions } from "../../memory/src/retrieval/activation/forward-push.js";
import { bareLoopEdgesPerSec, type BareLoopParams } from "./bare-spread.js";
import { percentile } from "./percentile.js";
import { latencySection, type LatencyReport } from "./retrieve-latency.js";
import { mulberry32, Zipf, type Rng } from "./synthetic.js";
import { intOption } from "./int-option.js";

const GOALS = { edgesPerSec: 20_000_000, searchP50Ms: 10 } as const;
const NS = "bench";
const NOW = Date.UTC(2026, 0, 1);
const KINDS = ["mentions", "link", "next", "member", "relates", "causes"] as const;
/** Covers the kinds of both graphs (the memory graph adds part_of and before), so one SPREAD serves both. */
const EDGE_WEIGHTS = { mentions: 0.6, link: 1, next: 0.8, member: 1, relates: 0.5, causes: 0.9, part_of: 0.7, before: 0.6 } as const;

export interface BenchOptions {
  edges: number;
  nodes: number;
  queries: number;
  seed: number;
  json: boolean;
  /** Memories in the retrieval-latency section; 0 skips it. */
  memories: number;
  searchQueries: number;
}

function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      edges: { type: "string", default: "1000000" },
      nodes: { type: "string", default: "200000" },
      queries: { type: "string", default: "100" },
      seed: { type: "string", default: "42" },
      memories: { type: "string", default: "100000" },
      "search-queries": { type: "string", default: "300" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write("usage: npm run bench:spread -- [--edges N] [--nodes N] [--queries N] [--seed N] [--memories N (0 = skip)] [--search-queries N] [--json]\n");
    process.exit(0);
  }
  return {
    edges: intOption("edges", values.edges, 1),
    nodes: intOption("nodes", values.nodes, 2),
    queries: intOption("queries", values.queries, 1),
    seed: intOption("seed", values.seed, 0),
    memories: intOption("memories", values.memories, 0),
    searchQueries: intOption("search-queries", values["search-queries"], 1),
    json: values.json,
  };
}

const progress = (line: string) => process.stderr.write(`${line}\n`);
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
/** User + system CPU seconds since `from`. */
const cpuSeconds = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1e6;
};

// ---- the graph ---------------------------------------------------------------------------

export interface BenchGraph {
  adjacency: Adjacency;
  nodes: number;
  /** Ids seeds are drawn from: `n0 … n<seedable − 1>` (every node of the random graph, the episodes of the memory graph). */
  seedable: number;
  edges: number;
  maxDegree: number;
  buildMs: number;
}

/**
 * Sources uniform, targets Zipf over a shuffled rank order (so hubs are scattered across node
 * slots, not packed at the start). 5% of edges were invalidated before NOW, so view checks reject
 * some edges as they would in a real memory.
 */
export function buildGraph(o: { nodes: number; edges: number; seed: number }): BenchGraph {
  const t0 = performance.now();
  const rng = mulberry32(o.seed);
  const zipf = new Zipf(o.nodes, 1.0, 3);
  const order = shuffled(o.nodes, rng);
  const adjacency = new Adjacency();
  const degree = new Int32Array(o.nodes);
  for (let i = 0; i < o.edges; i++) {
    const from = Math.floor(rng() * o.nodes);
    let to = order[zipf.sample(rng)]!;
    if (to === from) to = (to + 1) % o.nodes;
    degree[from]!++;
    degree[to]!++;
    const invalid = rng() < 0.05;
    adjacency.upsert({
      ns: NS, id: `e${i}`, kind: KINDS[Math.floor(rng() * KINDS.length)]!, from: `n${from}`, to: `n${to}`,
      weight: 0.3 + 0.7 * rng(), validFrom: null, validTo: invalid ? NOW - 1000 : null, recordedAt: NOW - 10_000, expiredAt: null,
    });
  }
  return { adjacency, nodes: o.nodes, seedable: o.nodes, edges: o.edges, maxDegree: degree.reduce((a, b) => Math.max(a, b), 0), buildMs: performance.now() - t0 };
}

/**
 * A graph shaped like a memory: episodes written in conversation order, each chained to the previous
 * turn of its thread (`next`), mentioning 1–3 entities (Zipf: a few people and places recur, most
 * are rare; an entity is created when first mentioned), grouped 8 at a time into events (`part_of`,
 * events chained by `before`), and every episode naming two or more entities made a hyperedge over
 * them (`member`). Node handles follow creation order, as they do in the store, so a thread's turns
 * sit together in memory; hubs are the popular entities.
 */
export function buildMemoryGraph(o: { edges: number; seed: number }): BenchGraph {
  const t0 = performance.now();
  const rng = mulberry32(o.seed);
  const entityZipf = new Zipf(50_000, 1.0, 3);
  const adjacency = new Adjacency();
  const degree = new Map<string, number>();
  let edges = 0;
  const add = (kind: string, from: string, to: string, weight = 1) => {
    adjacency.upsert({ ns: NS, id: `e${edges++}`, kind, from, to, weight, validFrom: null, validTo: rng() < 0.05 ? NOW - 1000 : null, recordedAt: NOW - 10_000, expiredAt: null });
    degree.set(from, (degree.get(from) ?? 0) + 1);
    degree.set(to, (degree.get(to) ?? 0) + 1);
  };
  const THREADS = 50;
  const last: (string | undefined)[] = new Array(THREADS);
  let episode = 0;
  let thread = 0;
  let event = "";
  let previousEvent = "";
  while (edges < o.edges) {
    if (episode % 20 === 0) thread = Math.floor(rng() * THREADS); // a session: 20 turns of one conversation
    const id = `n${episode}`;
    if (last[thread]) add("next", last[thread]!, id);
    last[thread] = id;
    if (episode % 8 === 0) {
      previousEvent = event;
      event = `ev${episode}`;
      if (previousEvent) add("before", previousEvent, event);
    }
    add("part_of", id, event);
    const mentioned = new Set(Array.from({ length: 1 + Math.floor(rng() * 3) }, () => `ent${entityZipf.sample(rng)}`));
    for (const e of mentioned) add("mentions", id, e);
    if (mentioned.size >= 2) {
      const unit = `hx${episode}`;
      for (const member of [...mentioned, id]) add("member", unit, member);
    }
    episode++;
  }
  return { adjacency, nodes: adjacency.nodeBound, seedable: episode, edges, maxDegree: [...degree.values()].reduce((a, b) => Math.max(a, b), 0), buildMs: performance.now() - t0 };
}

function shuffled(n: number, rng: Rng): Int32Array {
  const a = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

const traversal = (g: BenchGraph): TraversalGraph => new AdjacencyTraversal(g.adjacency, NS, { validAt: NOW, knownAt: NOW });

function randomSeeds(g: BenchGraph, rng: Rng, count: number) {
  return Array.from({ length: count }, () => ({ id: `n${Math.floor(rng() * g.seedable)}`, activation: 0.5 + rng() }));
}

/** Whether `settle` has said it cannot collect. */
let warned = false;

/**
 * A full garbage collection before a timed section's warm-up, where the runtime allows one
 * (`bench:spread` runs with --expose-gc): the figures are CPU seconds of every thread, and V8's
 * collector threads would otherwise bill the sections for the garbage of building the graphs.
 * Before the warm-up, because the first query after a forced collection runs 4–5× slower
 * (measured: 86–102 ms against ~20).
 */
function settle(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
  else if (!warned) {
    warned = true;
    progress("no --expose-gc: timed sections may pay for earlier garbage");
  }
}

// ---- sections ----------------------------------------------------------------------------

/** Wide spreads: 3 hops, weak decay, no threshold to speak of, a large frontier. */
/** Every spread option the bench sets is one the bare-loop yardstick also honours (BareLoopParams), so both run the same spreads. */
export const SPREAD_PARAMS = { edgeWeights: EDGE_WEIGHTS, hops: 3, decay: 0.8, threshold: 1e-6, fanOut: 0.5, maxFrontier: 20_000 } satisfies BareLoopParams;
export const SPREAD: SpreadOptions = { ...SPREAD_PARAMS, limit: 50 };

export async function spreadSection(g: BenchGraph, o: { queries: number; seed: number }) {
  const rng = mulberry32(o.seed + 1);
  const seeds = Array.from({ length: o.queries }, () => randomSeeds(g, rng, 10));
  settle();
  for (const s of seeds.slice(0, 10)) await spreadActivation(traversal(g), s, SPREAD); // warm-up: JIT, also after the collection
  let relaxed = 0;
  let activated = 0;
  let reached = 0;
  const wallMs: number[] = [];
  const cpu = process.cpuUsage();
  for (const s of seeds) {
    const t0 = performance.now();
    const r = await spreadActivation(traversal(g), s, SPREAD);
    wallMs.push(performance.now() - t0);
    relaxed += r.stats.relaxedEdges;
    activated += r.stats.frontierSizes.reduce((a, b) => a + b, 0);
    reached += r.stats.reached;
  }
  const secs = cpuSeconds(cpu);
  wallMs.sort((a, b) => a - b);
  settle();
  const bare = bareLoopEdgesPerSec(traversal(g), seeds, SPREAD_PARAMS);
  return {
    edgesPerSec: Math.round(relaxed / secs),
    bareLoopEdgesPerSec: bare.edgesPerSec,
    bareLoopRelaxedPerQuery: bare.relaxedPerQuery,
    spreadQueries: o.queries,
    relaxedPerQuery: Math.round(relaxed / o.queries),
    reachedPerQuery: Math.round(activated / o.queries),
    touchedPerQuery: Math.round(reached / o.queries),
    spreadP50Ms: round(percentile(wallMs, 50), 3),
    spreadMaxMs: round(wallMs[wallMs.length - 1]!, 3),
    spread: SPREAD,
  };
}

export const PPR: PprOptions = { edgeWeights: EDGE_WEIGHTS, damping: 0.5, epsilon: 1e-7, limit: 50 };

export async function pprSection(g: BenchGraph, o: { queries: number; seed: number }) {
  const rng = mulberry32(o.seed + 2);
  const seeds = Array.from({ length: o.queries }, () => randomSeeds(g, rng, 5));
  settle();
  for (const s of seeds.slice(0, 10)) await forwardPush(traversal(g), s, PPR);
  let pushes = 0;
  let relaxed = 0;
  const cpu = process.cpuUsage();
  for (const s of seeds) {
    const r = await forwardPush(traversal(g), s, PPR);
    pushes += r.stats.pushes;
    relaxed += r.stats.relaxedEdges;
  }
  const secs = cpuSeconds(cpu);
  return {
    pprPushesPerSec: Math.round(pushes / secs),
    pprEdgesPerSec: Math.round(relaxed / secs),
    pprPushesPerQuery: Math.round(pushes / o.queries),
    pprMsPerQuery: round((secs * 1000) / o.queries, 3),
    ppr: PPR,
  };
}

// ---- the run -----------------------------------------------------------------------------

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  progress(`building a memory-shaped graph of ${o.edges.toLocaleString("en")} edges…`);
  const m = buildMemoryGraph(o);
  progress(`built in ${Math.round(m.buildMs)} ms (${m.nodes.toLocaleString("en")} nodes, max degree ${m.maxDegree.toLocaleString("en")}); spreading ${o.queries} queries…`);
  const spread = await spreadSection(m, o);
  progress(`spreading (memory graph): ${spread.edgesPerSec.toLocaleString("en")} edges/s; PPR…`);
  const ppr = await pprSection(m, o);
  progress(`building a random power-law graph of ${o.edges.toLocaleString("en")} edges over ${o.nodes.toLocaleString("en")} nodes…`);
  const g = buildGraph(o);
  progress(`built in ${Math.round(g.buildMs)} ms (max degree ${g.maxDegree.toLocaleString("en")}); spreading ${o.queries} queries…`);
  const randomSpread = await spreadSection(g, o);
  progress(`spreading (random graph): ${randomSpread.edgesPerSec.toLocaleString("en")} edges/s; PPR…`);
  const randomPpr = await pprSection(g, o);
  let latency: LatencyReport | undefined;
  if (o.memories > 0) {
    progress(`default retrieval pipeline at ${o.memories.toLocaleString("en")} memories: ingesting…`);
    latency = await latencySection({ memories: o.memories, queries: o.searchQueries, seed: o.seed, log: progress });
  }
  const { spread: _options, ...randomSpreadFigures } = randomSpread;
  const { ppr: _pprOptions, ...randomPprFigures } = randomPpr;
  const result = {
    graph: { shape: "memory", nodes: m.nodes, edges: m.edges, maxDegree: m.maxDegree, buildMs: Math.round(m.buildMs) },
    ...spread,
    ...ppr,
    randomGraph: {
      graph: { shape: "random", nodes: g.nodes, edges: g.edges, maxDegree: g.maxDegree, buildMs: Math.round(g.buildMs) },
      ...randomSpreadFigures,
      ...randomPprFigures,
    },
    ...(latency ? { searchP50Ms: latency.searchP50Ms, searchP99Ms: latency.searchP99Ms, search: latency } : {}),
    node: process.version,
    seed: o.seed,
    goals: {
      edgesPerSec: spread.edgesPerSec >= GOALS.edgesPerSec, randomGraphEdgesPerSec: randomSpread.edgesPerSec >= GOALS.edgesPerSec,
      ...(latency ? { searchP50Ms: latency.searchP50Ms <= GOALS.searchP50Ms } : {}),
    },
  };
  if (o.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const mark = (ok: boolean) => (ok ? "ok " : "MISS");
  const lines = (name: string, b: BenchGraph, sp: typeof spread, pp: typeof ppr, ok: boolean) => [
    `  ${name}: ${b.edges.toLocaleString("en")} edges, ${b.nodes.toLocaleString("en")} nodes (max degree ${b.maxDegree.toLocaleString("en")})`,
    `  [${mark(ok)}] spread  ${sp.edgesPerSec.toLocaleString("en")} edges/s  (goal >= ${GOALS.edgesPerSec.toLocaleString("en")}); ${sp.relaxedPerQuery.toLocaleString("en")} relaxed, ${sp.reachedPerQuery.toLocaleString("en")} reached per query; p50 ${sp.spreadP50Ms} ms, max ${sp.spreadMaxMs} ms`,
    `         bare loop, same spreads: ${sp.bareLoopEdgesPerSec.toLocaleString("en")} edges/s (${sp.bareLoopRelaxedPerQuery.toLocaleString("en")} relaxed per query, relaxation loops alone: this machine's yardstick)`,
    `         ppr     ${pp.pprPushesPerSec.toLocaleString("en")} pushes/s, ${pp.pprEdgesPerSec.toLocaleString("en")} edges/s; ${pp.pprPushesPerQuery.toLocaleString("en")} pushes, ${pp.pprMsPerQuery} ms per query`,
  ];
  process.stdout.write(
    [
      `hippograph spread bench — node ${result.node}, seed ${o.seed}`,
      ...lines("memory-shaped graph", m, spread, ppr, result.goals.edgesPerSec),
      ...lines("random power-law graph", g, randomSpread, randomPpr, result.goals.randomGraphEdgesPerSec),
      ...(latency
        ? [`  [${mark(latency.searchP50Ms <= GOALS.searchP50Ms)}] default retrieval pipeline, ${latency.memories.toLocaleString("en")} memories (${latency.nodes.toLocaleString("en")} nodes, ${latency.edges.toLocaleString("en")} edges): p50 ${latency.searchP50Ms} ms (goal <= ${GOALS.searchP50Ms}), p99 ${latency.searchP99Ms} ms`]
        : []),
    ].join("\n") + "\n",
  );
}

// Run as a script, not when another bench imports the sections.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench:spread failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
