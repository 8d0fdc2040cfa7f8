/**
 * Graph-operator benchmark: `npm run bench:spread -- [--edges 1000000] [--nodes 200000] [--queries 100]
 * [--seed 42] [--json]`.
 *
 * Builds a synthetic memory graph in the embedded store's in-memory Adjacency (power-law degrees:
 * edge targets are Zipf-distributed, so a few hub entities gather tens of thousands of edges, as
 * "mentions" of popular entities do; mixed kinds and weights; a slice of edges invalidated), then
 * times spreading activation and personalized PageRank (forward push) from random seeds through the
 * same TraversalGraph a query uses, with parameters that activate large frontiers.
 *
 * Reported: edgesPerSec = edge relaxations / CPU seconds of the spreads (goal >= 20M), and PPR
 * pushes/s. Progress goes to stderr; with --json, stdout carries exactly one JSON object.
 *
 * Sections are separate functions returning plain objects that `main` merges, so another section
 * (say searchP50Ms/searchP99Ms for a full retrieval pipeline) is one more function and one more merge.
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { Adjacency } from "../../memory/src/store/embedded/adjacency.js";
import { AdjacencyTraversal } from "../../memory/src/store/embedded/adjacency-traversal.js";
import type { TraversalGraph } from "../../memory/src/ports/traversal.js";
import { spreadActivation, type SpreadOptions } from "../../memory/src/retrieval/activation/spreading-activation.js";
import { forwardPush, type PprOptions } from "../../memory/src/retrieval/activation/forward-push.js";
import { mulberry32, Zipf, type Rng } from "./synthetic.js";

const GOALS = { edgesPerSec: 20_000_000 } as const;
const NS = "bench";
const NOW = Date.UTC(2026, 0, 1);
const KINDS = ["mentions", "link", "next", "member", "relates", "causes"] as const;
const EDGE_WEIGHTS = { mentions: 0.6, link: 1, next: 0.8, member: 1, relates: 0.5, causes: 0.9 } as const;

export interface BenchOptions {
  edges: number;
  nodes: number;
  queries: number;
  seed: number;
  json: boolean;
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
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write("usage: npm run bench:spread -- [--edges N] [--nodes N] [--queries N] [--seed N] [--json]\n");
    process.exit(0);
  }
  const count = (name: string, raw: string, min: number): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got "${raw}"`);
    return n;
  };
  return {
    edges: count("edges", values.edges, 1),
    nodes: count("nodes", values.nodes, 2),
    queries: count("queries", values.queries, 1),
    seed: count("seed", values.seed, 0),
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
  return { adjacency, nodes: o.nodes, edges: o.edges, maxDegree: degree.reduce((a, b) => Math.max(a, b), 0), buildMs: performance.now() - t0 };
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
  return Array.from({ length: count }, () => ({ id: `n${Math.floor(rng() * g.nodes)}`, activation: 0.5 + rng() }));
}

// ---- sections ----------------------------------------------------------------------------

/** Wide spreads: 3 hops, weak decay, no threshold to speak of, a large frontier. */
export const SPREAD: SpreadOptions = { edgeWeights: EDGE_WEIGHTS, hops: 3, decay: 0.8, threshold: 1e-6, fanOut: 0.5, maxFrontier: 20_000, limit: 50 };

export async function spreadSection(g: BenchGraph, o: { queries: number; seed: number }) {
  const rng = mulberry32(o.seed + 1);
  const seeds = Array.from({ length: o.queries }, () => randomSeeds(g, rng, 10));
  for (const s of seeds.slice(0, 10)) await spreadActivation(traversal(g), s, SPREAD); // warm-up: JIT
  let relaxed = 0;
  let activated = 0;
  const wallMs: number[] = [];
  const cpu = process.cpuUsage();
  for (const s of seeds) {
    const t0 = performance.now();
    const r = await spreadActivation(traversal(g), s, SPREAD);
    wallMs.push(performance.now() - t0);
    relaxed += r.stats.relaxedEdges;
    activated += r.stats.frontierSizes.reduce((a, b) => a + b, 0);
  }
  const secs = cpuSeconds(cpu);
  wallMs.sort((a, b) => a - b);
  return {
    edgesPerSec: Math.round(relaxed / secs),
    spreadQueries: o.queries,
    relaxedPerQuery: Math.round(relaxed / o.queries),
    reachedPerQuery: Math.round(activated / o.queries),
    spreadP50Ms: round(wallMs[Math.floor(wallMs.length / 2)]!, 3),
    spreadMaxMs: round(wallMs[wallMs.length - 1]!, 3),
    spread: SPREAD,
  };
}

export const PPR: PprOptions = { edgeWeights: EDGE_WEIGHTS, damping: 0.5, epsilon: 1e-7, limit: 50 };

export async function pprSection(g: BenchGraph, o: { queries: number; seed: number }) {
  const rng = mulberry32(o.seed + 2);
  const seeds = Array.from({ length: o.queries }, () => randomSeeds(g, rng, 5));
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
  progress(`building ${o.edges.toLocaleString("en")} edges over ${o.nodes.toLocaleString("en")} nodes…`);
  const g = buildGraph(o);
  progress(`built in ${Math.round(g.buildMs)} ms (max degree ${g.maxDegree.toLocaleString("en")}); spreading ${o.queries} queries…`);
  const spread = await spreadSection(g, o);
  progress(`spreading: ${spread.edgesPerSec.toLocaleString("en")} edges/s; PPR…`);
  const ppr = await pprSection(g, o);
  const result = {
    graph: { nodes: g.nodes, edges: g.edges, maxDegree: g.maxDegree, buildMs: Math.round(g.buildMs) },
    ...spread,
    ...ppr,
    node: process.version,
    seed: o.seed,
    goals: { edgesPerSec: spread.edgesPerSec >= GOALS.edgesPerSec },
  };
  if (o.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const mark = (ok: boolean) => (ok ? "ok " : "MISS");
  process.stdout.write(
    [
      `hippograph spread bench — node ${result.node}, ${g.edges.toLocaleString("en")} edges, ${g.nodes.toLocaleString("en")} nodes (max degree ${g.maxDegree.toLocaleString("en")}), seed ${o.seed}`,
      `  [${mark(result.goals.edgesPerSec)}] spread  ${spread.edgesPerSec.toLocaleString("en")} edges/s  (goal >= ${GOALS.edgesPerSec.toLocaleString("en")}); ${spread.relaxedPerQuery.toLocaleString("en")} relaxed, ${spread.reachedPerQuery.toLocaleString("en")} reached per query; p50 ${spread.spreadP50Ms} ms, max ${spread.spreadMaxMs} ms`,
      `         ppr     ${ppr.pprPushesPerSec.toLocaleString("en")} pushes/s, ${ppr.pprEdgesPerSec.toLocaleString("en")} edges/s; ${ppr.pprPushesPerQuery.toLocaleString("en")} pushes, ${ppr.pprMsPerQuery} ms per query`,
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
