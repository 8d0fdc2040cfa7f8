import { z } from "zod";
import { parseInput } from "../../model/validate.js";
import type { CompiledEdges, TraversalGraph } from "../../ports/traversal.js";
import { sharedEdgeBuffer } from "./edge-buffer.js";
import { edgeWeightsSchema, kindTable, type KindTable } from "./kind-table.js";
import { withScratch, type NodeScratch } from "./node-scratch.js";
import { ranked, type ActivatedNode } from "./ranked.js";
import { sumSeeds, type Seed } from "./seeds.js";

export const pprOptionsSchema = z
  .object({
    /** Probability of following an edge rather than restarting at the seeds (HippoRAG: 0.5). */
    damping: z.number("damping must be a number").gt(0, "damping must be in (0, 1)").lt(1, "damping must be in (0, 1)").default(0.5),
    /** Push a node while its residual is >= epsilon × its degree; smaller is more exact and slower. */
    epsilon: z.number("epsilon must be a number").gt(0, "epsilon must be > 0").max(1, "epsilon must be <= 1").default(1e-4),
    edgeWeights: edgeWeightsSchema,
    /** Hard cap on work; the result is still a valid lower bound when it stops early. */
    maxPushes: z.int("maxPushes must be a whole number").min(1, "maxPushes must be >= 1").default(1_000_000),
    limit: z.int("limit must be a whole number").min(1, "limit must be >= 1").default(100),
  })
  .strict();

export type PprOptions = z.input<typeof pprOptionsSchema>;

export interface PprStats {
  pushes: number;
  /** Push rounds; a lazily loaded graph fetches once per round. */
  rounds: number;
  relaxedEdges: number;
  /** Probability mass not yet pushed (1 − Σ estimates): every estimate is low by at most this. */
  residual: number;
  /** True when maxPushes stopped the push before every residual fell below its threshold. */
  truncated: boolean;
}

export interface PprResult {
  /** `activation` is the PageRank estimate; `hops` the push round that first reached the node. */
  items: ActivatedNode[];
  stats: PprStats;
}

/**
 * Personalized PageRank by forward push (Andersen, Chung & Lang 2006), the operator behind
 * HippoRAG's retrieval, at a cost bounded by 1 / (epsilon · (1 − damping)) pushes instead of
 * iterations over the whole graph.
 *
 * The walk restarts at the seeds (activations normalised to a distribution) with probability
 * 1 − damping; otherwise it crosses one of the node's traversable edges, in either direction,
 * with probability ∝ kindWeight × clamp(edge weight, 0, 1). A node without such an edge keeps
 * the walk (a self-loop), so it absorbs its residual. Pushing u: estimate[u] += (1 − damping)·r[u],
 * each neighbour's residual += damping·r[u]·P(u→v), r[u] = 0; repeated while some r[u] >= epsilon·deg(u)
 * (deg >= 1). Estimates never exceed the true PageRank and sum to 1 − residual.
 *
 * Pushes run in rounds (all nodes queued at the start of a round), so a lazily loaded graph fetches
 * each round's nodes in one call. Explanations follow each node's strongest single path.
 */
export async function forwardPush(graph: TraversalGraph, seeds: readonly Seed[], options: PprOptions): Promise<PprResult> {
  const o = parseInput(pprOptionsSchema, options, "forwardPush");
  const table = kindTable(graph, o.edgeWeights);
  return withScratch(graph.nodeBound, async (s) => {
    s.usePush();
    const stats: PprStats = { pushes: 0, rounds: 0, relaxedEdges: 0, residual: 0, truncated: false };
    const loose = new Map<string, number>();
    let queue = placeSeeds(graph, s, seeds, loose, o.epsilon);
    while (queue.length > 0) {
      if (stats.pushes >= o.maxPushes) {
        stats.truncated = true;
        break;
      }
      if (graph.load) {
        await graph.load(queue);
        s.ensure(graph.nodeBound);
      }
      stats.rounds++;
      const compiled = graph.compiled?.(table.mask, table.weight);
      const next: number[] = [];
      for (let q = 0; q < queue.length; q++) {
        if (stats.pushes >= o.maxPushes) {
          for (; q < queue.length; q++) next.push(queue[q]!); // still queued: counted in the residual
          break;
        }
        const u = queue[q]!;
        s.queued[u] = 0;
        stats.relaxedEdges += push(graph, compiled, s, table, u, o.damping, o.epsilon, stats.rounds, next, stats);
      }
      queue = next;
    }
    let estimated = 0;
    const touched = s.touched;
    for (let i = 0; i < touched.length; i++) estimated += s.value[touched[i]!]!;
    for (const mass of loose.values()) estimated += mass;
    stats.residual = Math.max(0, 1 - estimated);
    return { items: ranked(graph, s, table, loose, o.limit), stats };
  });
}

/**
 * Pushes u if its residual is above its threshold; returns the edges it relaxed. Reads u's edges
 * in place from the compiled edges where they serve it (its time-bounded ones then come through the
 * buffer), else collects them all into the buffer.
 */
function push(
  graph: TraversalGraph, compiled: CompiledEdges | undefined, s: NodeScratch, table: KindTable, u: number,
  damping: number, epsilon: number, round: number, next: number[], stats: PprStats,
): number {
  const edges = sharedEdgeBuffer;
  const buffered = edges.locate(graph, compiled, u, table);
  const { start, end } = edges;
  let total = 0;
  let degree = 0;
  if (compiled !== undefined) {
    const weights = compiled.weights;
    for (let i = start; i < end; i++) {
      total += weights[i]!;
      if (weights[i]! > 0) degree++;
    }
  }
  for (let i = 0; i < buffered; i++) {
    total += edges.weights[i]!;
    if (edges.weights[i]! > 0) degree++;
  }
  s.degree[u] = degree;
  const r = s.pending[u]!;
  if (r < epsilon * Math.max(degree, 1)) return 0; // queued on a lower bound (degree unknown then)
  stats.pushes++;
  s.pending[u] = 0;
  if (degree === 0) {
    s.value[u] = s.value[u]! + r; // dangling: the self-loop keeps all of it
    return 0;
  }
  s.value[u] = s.value[u]! + (1 - damping) * r;
  const give = (damping * r) / total;
  const su = (s.strength[u]! * damping) / total;
  if (compiled !== undefined) pass(s, compiled.targets, compiled.weights, compiled.kinds, start, end, u, give, su, epsilon, round, next);
  pass(s, edges.others, edges.weights, edges.kinds, 0, buffered, u, give, su, epsilon, round, next);
  return end - start + buffered;
}

/** u's share of its residual (`give` × weight) to each neighbour in [start, end) of the edge arrays; queues those now over threshold. */
function pass(
  s: NodeScratch, others: Int32Array, weights: Float64Array, kinds: Int32Array, start: number, end: number,
  u: number, give: number, su: number, epsilon: number, round: number, next: number[],
): void {
  const { pending, degree, queued } = s;
  const bound = s.strength[u]!; // a path must be weaker than its parent's, or the node's first: see offerPath
  for (let i = start; i < end; i++) {
    const w = weights[i]!;
    if (w === 0) continue;
    const v = others[i]!;
    s.touch(v, round);
    const residual = pending[v]! + give * w;
    pending[v] = residual;
    s.offerPath(v, u, kinds[i]!, su * w, bound);
    if (queued[v] === 0 && residual >= epsilon * Math.max(degree[v]!, 1)) {
      queued[v] = 1;
      next.push(v);
    }
  }
}

/** Seeds as a distribution over handles; returns the first round's queue. */
function placeSeeds(graph: TraversalGraph, s: NodeScratch, seeds: readonly Seed[], loose: Map<string, number>, epsilon: number): number[] {
  const summed = sumSeeds(seeds);
  let sum = 0;
  for (const activation of summed.values()) sum += activation;
  const queue: number[] = [];
  for (const [id, activation] of summed) {
    const mass = activation / sum;
    const h = graph.handle(id);
    if (h < 0) {
      loose.set(id, mass); // no edges: a dangling node keeps all its mass
      continue;
    }
    s.ensure(graph.nodeBound);
    s.touch(h, 0);
    s.pending[h] = s.strength[h] = mass;
    if (mass >= epsilon) {
      s.queued[h] = 1;
      queue.push(h);
    }
  }
  return queue;
}
