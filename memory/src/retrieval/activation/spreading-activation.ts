import { z } from "zod";
import { parseInput } from "../../model/validate.js";
import type { TraversalGraph } from "../../ports/traversal.js";
import { sharedEdgeBuffer } from "./edge-buffer.js";
import { directionsSchema, edgeWeightsSchema, kindTable, type KindTable } from "./kind-table.js";
import { withScratch, type NodeScratch } from "./node-scratch.js";
import { ranked, type ActivatedNode } from "./ranked.js";
import { sumSeeds, type Seed } from "./seeds.js";
import { topK } from "./top-k.js";

export const spreadOptionsSchema = z
  .object({
    /** How many times activation crosses edges; 0 returns the seeds alone. */
    hops: z.int("hops must be a whole number").min(0, "hops must be >= 0").max(10, "hops must be <= 10").default(2),
    /** Fraction of activation passed per hop. Below 1 so activation fades with distance and paths cannot cycle. */
    decay: z.number("decay must be a number").min(0, "decay must be >= 0").lt(1, "decay must be < 1: activation has to weaken along every edge").default(0.5),
    /** A node fires in the next hop only if it received at least this much in this hop. */
    threshold: z.number("threshold must be a number").min(0, "threshold must be >= 0").default(0.01),
    /** Exponent of the fan divisor: 1 divides by the node's traversable degree (ACT-R fan effect), 0 not at all. */
    fanOut: z.number("fanOut must be a number").min(0, "fanOut must be in [0, 1]").max(1, "fanOut must be in [0, 1]").default(1),
    /**
     * What the fan counts: all of a node's traversable edges ("node"), or only those of the edge's own
     * kind ("kind"), so an entity's thousand mentions dilute each other but not its few other links.
     */
    fanBy: z.enum(["node", "kind"], { error: 'fanBy must be "node" or "kind"' }).default("node"),
    /** Contributions smaller than this are not passed at all: hubs cost one scan of their edge list, not a write per neighbour. */
    epsilon: z.number("epsilon must be a number").min(0, "epsilon must be >= 0").default(0),
    /** Lateral inhibition: at most this many nodes (those that received most) fire per hop. */
    maxFrontier: z.int("maxFrontier must be a whole number").min(1, "maxFrontier must be >= 1").default(1000),
    edgeWeights: edgeWeightsSchema,
    directions: directionsSchema.default({}),
    /** How many activated nodes to return. */
    limit: z.int("limit must be a whole number").min(1, "limit must be >= 1").default(100),
  })
  .strict();

export type SpreadOptions = z.input<typeof spreadOptionsSchema>;

export interface ActivationStats {
  /** Hops actually run: fewer than asked when the frontier died out. */
  hops: number;
  /** Traversable edges walked by firing nodes. */
  relaxedEdges: number;
  /** Per hop: how many nodes fired. */
  firedPerHop: number[];
  /** Per hop: how many nodes received activation (before threshold and lateral inhibition). */
  frontierSizes: number[];
  /** Distinct nodes reached, seeds with edges included (a node receiving in several hops counts once). */
  reached: number;
}

export interface ActivationResult {
  items: ActivatedNode[];
  stats: ActivationStats;
}

/**
 * Spreading activation (Collins & Loftus; ACT-R's fan effect; SYNAPSE's lateral inhibition), over
 * a TraversalGraph, at a cost proportional to the edges of the nodes that fire.
 *
 * - Seeds start with their activation (duplicates add up; activations <= 0 are dropped) and form
 *   hop 0's frontier. A seed without edges in the view is returned as it is.
 * - In hop h = 1..hops, each frontier node u, having received Δu in hop h−1 with Δu >= threshold,
 *   fires: across each traversable edge e to v it passes
 *     Δu · decay · kindWeight[kind e] · clamp(weight e, 0, 1) / fan(u),   fan(u) = deg(u)^fanOut,
 *   where deg(u) counts u's traversable edges (fanBy "node"), or only those of e's kind (fanBy
 *   "kind"). A kind is traversable iff `edgeWeights` gives it a weight > 0, in the directions
 *   `directions` allows (default both). A contribution below `epsilon` is not passed.
 * - Activation adds up at intersections: a node's total is its seed activation plus all it received.
 * - Lateral inhibition: of the nodes that received >= threshold in a hop, only the `maxFrontier`
 *   that received most (ties by id) fire in the next.
 * - Hyperedges need nothing special: member → hyperedge → other members, divided by the hyperedge's fan.
 * - Each node keeps its strongest single path from a seed (strength = seed activation × the product
 *   of the per-edge factors above); that path is its explanation. A seed's path is empty unless
 *   another seed reaches it more strongly than its own activation. Equally strong paths: see
 *   node-scratch.ts.
 * - Base-level activation (recency) is separate: see `baseLevel`.
 */
export async function spreadActivation(graph: TraversalGraph, seeds: readonly Seed[], options: SpreadOptions): Promise<ActivationResult> {
  const o = parseInput(spreadOptionsSchema, options, "spreadActivation");
  const table = kindTable(graph, o.edgeWeights, o.directions);
  const perKind = o.fanBy === "kind";
  return withScratch(graph.nodeBound, async (s) => {
    const stats: ActivationStats = { hops: 0, relaxedEdges: 0, firedPerHop: [], frontierSizes: [], reached: 0 };
    const loose = new Map<string, number>(); // seeds the graph has no edges for
    const seeded = placeSeeds(graph, s, seeds, loose);
    for (const h of seeded) s.receipts[s.receiptCount++] = h;
    let { frontier, deltas } = fireable(graph, s, o.threshold, o.maxFrontier);
    for (let hop = 1; hop <= o.hops && frontier.length > 0; hop++) {
      if (graph.load) {
        await graph.load(frontier);
        s.ensure(graph.nodeBound);
      }
      stats.relaxedEdges += fire(graph, s, table, frontier, deltas, hop, o.decay, o.fanOut, perKind, o.epsilon);
      stats.hops = hop;
      stats.firedPerHop.push(frontier.length);
      stats.frontierSizes.push(s.receiptCount);
      if (hop === o.hops) break; // no hop left to fire in
      ({ frontier, deltas } = fireable(graph, s, o.threshold, o.maxFrontier));
    }
    stats.reached = s.touchedCount;
    return { items: ranked(graph, s, table, loose, o.limit), stats };
  });
}

/**
 * One hop: every frontier node passes its receipt along its traversable edges: the hot loop.
 * Returns the edges relaxed. A node's edges come in two parts: those read in place from the graph's
 * compiled edges for this table, where it has them, then those in the buffer (the compiled node's
 * time-bounded edges, or all of a node the compiled edges do not serve, collected). A node the
 * compiled edges have ready for the view costs no call at all. One loop serves the whole hop, so
 * the scratch arrays are loaded once per hop, not once per node (measured ~10 % of the hop).
 *
 * Each edge passes Δu × factor × weight, `factor` being decay / fan of u, or of the edge's kind.
 * A node's pending is 0 exactly until it receives something this hop (contributions are > 0), and
 * a node never reached has pending 0, so the first-touch check sits inside the first-receipt one.
 * Measured slower, all against this loop: an add-only pass then a bookkeeping pass (for overlapping
 * cache misses); select-style updates in place of the branches; resolving every frontier node's
 * edges in a pass before the loop, so that it calls nothing.
 */
function fire(
  graph: TraversalGraph, s: NodeScratch, table: KindTable, frontier: readonly number[], deltas: Float64Array, hop: number,
  decay: number, fanOut: number, perKind: boolean, epsilon: number,
): number {
  const edges = sharedEdgeBuffer;
  const compiled = graph.compiled?.(table.mask, table.weight);
  const kindFactor = perKind ? new Float64Array(table.mask.length) : undefined;
  const { value, pending, strength, hop: reachedIn, parent, touchedList: touched, receipts: got } = s;
  let touchedCount = s.touchedCount;
  let gotCount = s.receiptCount;
  let relaxed = 0;
  for (let f = 0; f < frontier.length; f++) {
    const u = frontier[f]!;
    const buffered = edges.locate(graph, compiled, u, table);
    const { start, end } = edges;
    const n = end - start + buffered;
    if (n === 0) continue;
    relaxed += n;
    if (kindFactor !== undefined) {
      edges.countKinds(kindFactor.length, buffered, compiled?.kinds, start, end);
      kindFactors(kindFactor, edges.kindCounts, decay, fanOut);
    }
    const factor = decay / fan(n, fanOut);
    const delta = deltas[f]!;
    const su = strength[u]!;
    for (let part = 0; part < 2; part++) {
      // Part 0 is empty (start = end = 0) for a node whose edges were collected.
      const others = part === 0 && compiled !== undefined ? compiled.targets : edges.others;
      const weights = part === 0 && compiled !== undefined ? compiled.weights : edges.weights;
      const kinds = part === 0 && compiled !== undefined ? compiled.kinds : edges.kinds;
      const from = part === 0 ? start : 0;
      const to = part === 0 ? end : buffered;
      for (let i = from; i < to; i++) {
        const w = weights[i]! * (kindFactor === undefined ? factor : kindFactor[kinds[i]!]!);
        const c = delta * w;
        if (c === 0 || c < epsilon) continue; // a weight-0 edge, decay 0, or too little to matter
        const v = others[i]!;
        const before = pending[v]!;
        if (before === 0) {
          got[gotCount++] = v;
          if (reachedIn[v]! < 0) {
            reachedIn[v] = hop;
            parent[v] = -1;
            touched[touchedCount++] = v;
          }
        }
        pending[v] = before + c;
        value[v] = value[v]! + c;
        s.offerPath(v, u, kinds[i]!, su * w, su);
      }
    }
  }
  s.touchedCount = touchedCount;
  s.receiptCount = gotCount;
  return relaxed;
}

/** Per kind code: decay / fan over the node's edges of that kind. */
function kindFactors(into: Float64Array, counts: Int32Array, decay: number, fanOut: number): void {
  for (let k = 0; k < into.length; k++) into[k] = counts[k]! > 0 ? decay / fan(counts[k]!, fanOut) : 0;
}

/** The fan divisor: degree^exponent, with the two common exponents spared a Math.pow. */
function fan(degree: number, exponent: number): number {
  return exponent === 1 ? degree : exponent === 0 ? 1 : exponent === 0.5 ? Math.sqrt(degree) : Math.pow(degree, exponent);
}

/** Seeds become hop 0's receipts; returns the seeded handles. */
function placeSeeds(graph: TraversalGraph, s: NodeScratch, seeds: readonly Seed[], loose: Map<string, number>): number[] {
  const placed: number[] = [];
  for (const [id, activation] of sumSeeds(seeds)) {
    const h = graph.handle(id);
    if (h < 0) {
      loose.set(id, activation);
      continue;
    }
    s.ensure(graph.nodeBound); // a lazily loaded graph hands out new handles here
    s.touch(h, 0);
    s.value[h] = s.pending[h] = s.strength[h] = activation;
    placed.push(h);
  }
  return placed;
}

/** Reusable buffers of `fireable`, which runs synchronously: the receipts over threshold and their amounts. */
let aboveBuffer = new Int32Array(1024);
let scoreBuffer = new Float64Array(1024);

/**
 * Threshold, then lateral inhibition: the nodes that fire next, each with what it received (it
 * fires that much). Consumes the receipts: each node's pending is read once and cleared on the
 * spot, while its line is in cache, and the chosen amounts are read back from the gathered
 * scores instead of the scratch. The frontier and its amounts are the query's own: a lazily loaded
 * graph awaits before they fire, and another query may select meanwhile.
 */
function fireable(graph: TraversalGraph, s: NodeScratch, threshold: number, maxFrontier: number): { frontier: number[]; deltas: Float64Array } {
  if (scoreBuffer.length < s.receiptCount) {
    const size = Math.max(s.receiptCount, scoreBuffer.length * 2);
    scoreBuffer = new Float64Array(size);
    aboveBuffer = new Int32Array(size);
  }
  const scores = scoreBuffer;
  const above = aboveBuffer;
  const pending = s.pending;
  const list = s.receipts;
  let count = 0;
  for (let i = 0; i < s.receiptCount; i++) {
    const v = list[i]!;
    const got = pending[v]!;
    pending[v] = 0;
    if (got < threshold) continue;
    scores[count] = got;
    above[count++] = v;
  }
  s.receiptCount = 0;
  const chosen = topK(above.subarray(0, count), scores, maxFrontier, (v) => graph.id(v));
  const frontier = new Array<number>(chosen.length);
  const deltas = new Float64Array(chosen.length);
  for (let j = 0; j < chosen.length; j++) {
    frontier[j] = above[chosen[j]!]!;
    deltas[j] = scores[chosen[j]!]!;
  }
  return { frontier, deltas };
}
