import { z } from "zod";
import { parseInput } from "../../model/validate.js";
import type { CompiledEdges, TraversalGraph } from "../../ports/traversal.js";
import { sharedEdgeBuffer } from "./edge-buffer.js";
import { edgeWeightsSchema, kindTable, type KindTable } from "./kind-table.js";
import { DEGREE, LINK_STRIDE, PENDING, preferred, QUEUED, STRENGTH, STRIDE, TAG, VALUE, withPath, withScratch, type NodeScratch } from "./node-scratch.js";
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
  /** `activation` is the PageRank estimate; `hops` the push round that first reached the node (1023 for any later round). */
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
        s.useLinks()[u * LINK_STRIDE + QUEUED] = 0;
        stats.relaxedEdges += push(graph, compiled, s, table, u, o.damping, o.epsilon, stats.rounds, next, stats);
      }
      queue = next;
    }
    let estimated = 0;
    const touched = s.touched;
    for (let i = 0; i < touched.length; i++) estimated += s.get(touched[i]!, VALUE);
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
  const inPlace = compiled !== undefined && compiled.prepare(u);
  const start = inPlace ? compiled.bounds[2 * u]! : 0;
  const end = inPlace ? compiled.bounds[2 * u + 1]! : 0;
  const buffered = inPlace ? compiled.timed(u, edges) : edges.collect(graph, u, table);
  let total = 0;
  let degree = 0;
  if (inPlace) {
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
  const d = s.data;
  const base = u * STRIDE;
  const links = s.useLinks();
  links[u * LINK_STRIDE + DEGREE] = degree;
  const r = d[base + PENDING]!;
  if (r < epsilon * Math.max(degree, 1)) return 0; // queued on a lower bound (degree unknown then)
  stats.pushes++;
  d[base + PENDING] = 0;
  if (degree === 0) {
    d[base + VALUE] = d[base + VALUE]! + r; // dangling: the self-loop keeps all of it
    return 0;
  }
  d[base + VALUE] = d[base + VALUE]! + (1 - damping) * r;
  const give = (damping * r) / total;
  const su = (d[base + STRENGTH]! * damping) / total;
  if (inPlace) pass(s, links, compiled.targets, compiled.weights, compiled.kinds, start, end, u, give, su, epsilon, round, next);
  pass(s, links, edges.others, edges.weights, edges.kinds, 0, buffered, u, give, su, epsilon, round, next);
  return end - start + buffered;
}

/** u's share of its residual (`give` × weight) to each neighbour in [start, end) of the edge arrays; queues those now over threshold. */
function pass(
  s: NodeScratch, links: Int32Array, others: Int32Array, weights: Float64Array, kinds: Int32Array, start: number, end: number,
  u: number, give: number, su: number, epsilon: number, round: number, next: number[],
): void {
  const d = s.data;
  for (let i = start; i < end; i++) {
    const w = weights[i]!;
    if (w === 0) continue;
    const v = others[i]!;
    const at = v * STRIDE;
    const l = v * LINK_STRIDE;
    s.touch(v, round);
    const pending = d[at + PENDING]! + give * w;
    d[at + PENDING] = pending;
    const sv = su * w;
    const held = d[at + STRENGTH]!;
    if (sv > held || (sv === held && preferred(d[at + TAG]!, u, kinds[i]!))) {
      d[at + STRENGTH] = sv;
      d[at + TAG] = withPath(d[at + TAG]!, u, kinds[i]!);
    }
    if (links[l + QUEUED] === 0 && pending >= epsilon * Math.max(links[l + DEGREE]!, 1)) {
      links[l + QUEUED] = 1;
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
    s.data[h * STRIDE + PENDING] = s.data[h * STRIDE + STRENGTH] = mass;
    if (mass >= epsilon) {
      s.useLinks()[h * LINK_STRIDE + QUEUED] = 1;
      queue.push(h);
    }
  }
  return queue;
}
