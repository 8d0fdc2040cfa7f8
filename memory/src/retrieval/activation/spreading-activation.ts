import { z } from "zod";
import { parseInput } from "../../model/validate.js";
import type { TraversalGraph } from "../../ports/traversal.js";
import { sharedEdgeBuffer } from "./edge-buffer.js";
import { directionsSchema, edgeWeightsSchema, kindTable, type KindTable } from "./kind-table.js";
import { withScratch, type NodeScratch } from "./node-scratch.js";
import { activatedNodes, bestTouched, type ActivatedNode } from "./ranked.js";
import { sumSeeds, type Seed } from "./seeds.js";
import { topK } from "./top-k.js";
import { tracePaths } from "./trace-paths.js";

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
 *   node-scratch.ts. Paths are traced after the last hop, for the nodes returned (trace-paths.ts).
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
    const fired: number[] = [];
    let { frontier, deltas } = fireable(graph, s, seeded, 0, seeded.length, o.threshold, o.maxFrontier);
    for (let hop = 1; hop <= o.hops && frontier.length > 0; hop++) {
      if (graph.load) {
        await graph.load(frontier);
        s.ensure(graph.nodeBound);
      }
      const from = s.log.length;
      stats.relaxedEdges += logHop(graph, s, table, frontier, deltas, o.decay, o.fanOut, perKind, o.epsilon);
      for (const u of frontier) fired.push(u);
      stats.hops = hop;
      stats.firedPerHop.push(frontier.length);
      if (hop === o.hops) {
        stats.frontierSizes.push(addUpLast(s, from, hop));
        break; // no hop left to fire in
      }
      addUp(s, from, hop);
      const next = fireable(graph, s, s.log.targets, from, s.log.length, o.threshold, o.maxFrontier);
      stats.frontierSizes.push(next.received);
      ({ frontier, deltas } = next);
    }
    stats.reached = s.touchedCount;
    const best = bestTouched(graph, s, o.limit);
    const traced = fired.concat(best);
    tracePaths(s, traced);
    const items = activatedNodes(graph, s, table, best, loose, o.limit);
    s.settle(traced.concat(Array.from(seeded)));
    return { items, stats };
  });
}

/** Reusable buffer of `logHop` (synchronous): per frontier node, its compiled edge range, or -1s where it must be located. */
let rangeBuffer = new Int32Array(2048);

/**
 * One hop's first half: every frontier node's contributions along its traversable edges, written
 * to the scratch's log (relax-log.ts) in the order they pass. A node's edges come in two parts:
 * those read in place from the graph's compiled edges for this table, where it has them, then
 * those in the buffer (the compiled node's time-bounded edges, or all of a node the compiled edges
 * do not serve, collected). A node the compiled edges have ready for the view costs no call: a
 * first pass reads the ranges of all such nodes, whose reads do not wait on each other (reading
 * each node's range just before its edges made every node wait out two dependent cache misses;
 * the pass took 30 % off this step in a replay of the bench's spreads).
 *
 * Each edge passes Δu × factor × weight, `factor` being decay / fan of u, or of the edge's kind.
 * A contribution of 0 (a weight-0 edge, decay 0) or below `epsilon` is not passed, and not logged.
 * Returns the edges relaxed (walked), which counts those too.
 */
function logHop(
  graph: TraversalGraph, s: NodeScratch, table: KindTable, frontier: readonly number[], deltas: Float64Array,
  decay: number, fanOut: number, perKind: boolean, epsilon: number,
): number {
  const edges = sharedEdgeBuffer;
  const log = s.log;
  const compiled = graph.compiled?.(table.mask, table.weight);
  const kindFactor = perKind ? new Float64Array(table.mask.length) : undefined;
  const m = frontier.length;
  if (rangeBuffer.length < 2 * m) rangeBuffer = new Int32Array(Math.max(2 * m, 2 * rangeBuffer.length));
  const ranges = rangeBuffer;
  if (compiled !== undefined) {
    const { readyFrom, viewTime, bounds } = compiled;
    for (let f = 0; f < m; f++) {
      const u = frontier[f]!;
      const ready = readyFrom[u]! <= viewTime;
      ranges[2 * f] = ready ? bounds[2 * u]! : -1;
      ranges[2 * f + 1] = ready ? bounds[2 * u + 1]! : -1;
    }
  } else ranges.fill(-1, 0, 2 * m);
  let relaxed = 0;
  for (let f = 0; f < m; f++) {
    const u = frontier[f]!;
    let start = ranges[2 * f]!;
    let end = ranges[2 * f + 1]!;
    let buffered = 0;
    if (start < 0) {
      buffered = edges.locate(graph, compiled, u, table);
      start = edges.start;
      end = edges.end;
    }
    const n = end - start + buffered;
    if (n === 0) continue;
    relaxed += n;
    if (kindFactor !== undefined) {
      edges.countKinds(kindFactor.length, buffered, compiled?.kinds, start, end);
      kindFactors(kindFactor, edges.kindCounts, decay, fanOut);
    }
    const factor = decay / fan(n, fanOut);
    const delta = deltas[f]!;
    log.reserve(n);
    const { targets, amounts, factors, kinds: logKinds, sources } = log;
    let at = log.length;
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
        if (c === 0 || c < epsilon) continue;
        targets[at] = others[i]!;
        amounts[at] = c;
        factors[at] = w;
        logKinds[at] = kinds[i]!;
        sources[at++] = u;
      }
    }
    log.length = at;
  }
  return relaxed;
}

/**
 * One hop's second half, the hot loop: adds up the contributions logged from `from` on, in the
 * order logged, into each receiver's total and this hop's pending. No branch depends on what a
 * node holds: a branch that waits on a random read, and is mispredicted half the time, keeps the
 * reads of the next edges from overlapping it. A node is reached for the first time where its
 * total was 0 (every touched node's is > 0); those are listed, and their hop set after the loop.
 */
function addUp(s: NodeScratch, from: number, hop: number): void {
  const { value, pending, touchedList: touched } = s;
  const { targets, amounts, length } = s.log;
  const first = s.touchedCount;
  let touchedCount = first;
  for (let j = from; j < length; j++) {
    const v = targets[j]!;
    const c = amounts[j]!;
    const before = value[v]!;
    value[v] = before + c;
    pending[v] = pending[v]! + c;
    touched[touchedCount] = v;
    touchedCount += before === 0 ? 1 : 0;
  }
  reachedAt(s, first, touchedCount, hop);
}

/**
 * The last hop's second half: as `addUp`, but nothing fires after it, so it keeps no pending; a
 * bitset counts the distinct receivers instead (for the stats), and is cleared after. Returns them.
 */
function addUpLast(s: NodeScratch, from: number, hop: number): number {
  const { value, touchedList: touched, marks } = s;
  const { targets, amounts, length } = s.log;
  const first = s.touchedCount;
  let touchedCount = first;
  let received = 0;
  for (let j = from; j < length; j++) {
    const v = targets[j]!;
    const before = value[v]!;
    value[v] = before + amounts[j]!;
    touched[touchedCount] = v;
    touchedCount += before === 0 ? 1 : 0;
    const word = marks[v >>> 5]!;
    received += (~word >>> (v & 31)) & 1;
    marks[v >>> 5] = word | (1 << (v & 31));
  }
  for (let j = from; j < length; j++) marks[targets[j]! >>> 5] = 0;
  reachedAt(s, first, touchedCount, hop);
  return received;
}

/** The nodes listed as touched from `first` to `end` were first reached in `hop`. */
function reachedAt(s: NodeScratch, first: number, end: number, hop: number): void {
  const { hop: reachedIn, touchedList: touched } = s;
  for (let k = first; k < end; k++) reachedIn[touched[k]!] = hop;
  s.touchedCount = end;
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
function placeSeeds(graph: TraversalGraph, s: NodeScratch, seeds: readonly Seed[], loose: Map<string, number>): Int32Array {
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
  return Int32Array.from(placed);
}

/** Reusable buffers of `fireable`, which runs synchronously: the receipts over threshold and their amounts. */
let aboveBuffer = new Int32Array(1024);
let scoreBuffer = new Float64Array(1024);

/**
 * Threshold, then lateral inhibition: the nodes that fire next, each with what it received (it
 * fires that much), and how many distinct nodes received. Reads the receivers in [from, to) of
 * `list`, which may name a node more than once (the log names it once per contribution), and
 * consumes the receipts: each node's pending is read and cleared at its first mention, so the
 * later ones find 0 and pass. The chosen amounts are read back from the gathered scores instead of
 * the scratch. The frontier and its amounts are the query's own: a lazily loaded graph awaits
 * before they fire, and another query may select meanwhile.
 */
function fireable(
  graph: TraversalGraph, s: NodeScratch, list: Int32Array, from: number, to: number, threshold: number, maxFrontier: number,
): { frontier: number[]; deltas: Float64Array; received: number } {
  const most = to - from;
  if (scoreBuffer.length < most) {
    const size = Math.max(most, scoreBuffer.length * 2);
    scoreBuffer = new Float64Array(size);
    aboveBuffer = new Int32Array(size);
  }
  const scores = scoreBuffer;
  const above = aboveBuffer;
  const pending = s.pending;
  let count = 0;
  let received = 0;
  for (let i = from; i < to; i++) {
    const v = list[i]!;
    const got = pending[v]!;
    if (got === 0) continue; // mentioned before, or received nothing
    pending[v] = 0;
    received++;
    if (got < threshold) continue;
    scores[count] = got;
    above[count++] = v;
  }
  const chosen = topK(above.subarray(0, count), scores, maxFrontier, (v) => graph.id(v));
  const frontier = new Array<number>(chosen.length);
  const deltas = new Float64Array(chosen.length);
  for (let j = 0; j < chosen.length; j++) {
    frontier[j] = above[chosen[j]!]!;
    deltas[j] = scores[chosen[j]!]!;
  }
  return { frontier, deltas, received };
}
