/**
 * A yardstick for `bench:spread`'s edgesPerSec: how fast this machine relaxes the same edges with
 * nothing but the arithmetic and the memory accesses. The same spreads — seeds, hops, decay, fan
 * exponent, threshold, and the operator's own frontier selection, so the same nodes fire — run as
 * a bare loop over a plain CSR of the view's traversable edges, kind weights folded into the edge
 * weights up front, and only the relaxation loops are timed: no per-query kind table, time checks,
 * strongest paths, frontier selection or ranking. Where the operator's figure is close to this
 * one, the cost is the machine's random memory access, not the operator's bookkeeping.
 */
import type { TraversalGraph } from "../../memory/src/ports/traversal.js";
import type { Seed } from "../../memory/src/retrieval/activation/seeds.js";
import { EdgeBuffer } from "../../memory/src/retrieval/activation/edge-buffer.js";
import { kindTable } from "../../memory/src/retrieval/activation/kind-table.js";
import { topK } from "../../memory/src/retrieval/activation/top-k.js";

export interface BareLoopParams {
  edgeWeights: Readonly<Record<string, number>>;
  hops: number;
  decay: number;
  fanOut: number;
  threshold: number;
  maxFrontier: number;
}

interface Csr {
  offsets: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
}

/** The view's traversable edges of every node, both directions, weight = kind weight × clamped edge weight (what the operator collects). */
function buildCsr(graph: TraversalGraph, edgeWeights: Readonly<Record<string, number>>): Csr {
  const table = kindTable(graph, edgeWeights);
  const edges = new EdgeBuffer();
  const n = graph.nodeBound;
  const offsets = new Int32Array(n + 1);
  const targets: number[] = [];
  const weights: number[] = [];
  for (let u = 0; u < n; u++) {
    offsets[u] = targets.length;
    const count = edges.collect(graph, u, table);
    for (let i = 0; i < count; i++) {
      targets.push(edges.others[i]!);
      weights.push(edges.weights[i]!);
    }
  }
  offsets[n] = targets.length;
  return { offsets, targets: Int32Array.from(targets), weights: Float64Array.from(weights) };
}

/** Per node handle, reset after each spread where it was touched. */
class State {
  readonly value: Float64Array;
  readonly pending: Float64Array;
  readonly reached: Uint8Array;
  readonly touched: Int32Array;
  readonly received: Int32Array;
  readonly scores: Float64Array;
  touchedCount = 0;
  receivedCount = 0;

  constructor(n: number) {
    this.value = new Float64Array(n);
    this.pending = new Float64Array(n);
    this.reached = new Uint8Array(n);
    this.touched = new Int32Array(n);
    this.received = new Int32Array(n);
    this.scores = new Float64Array(n);
  }
}

/** One hop's relaxations: the loop that is timed. Returns the edges relaxed. */
function relaxHop(csr: Csr, s: State, frontier: readonly number[], deltas: readonly number[], decay: number, fanOut: number): number {
  const { offsets, targets, weights } = csr;
  const { value, pending, reached, touched, received } = s;
  let touchedCount = s.touchedCount;
  let receivedCount = 0;
  let relaxed = 0;
  for (let f = 0; f < frontier.length; f++) {
    const u = frontier[f]!;
    const start = offsets[u]!;
    const end = offsets[u + 1]!;
    if (end === start) continue;
    const factor = (deltas[f]! * decay) / Math.pow(end - start, fanOut);
    for (let i = start; i < end; i++) {
      const v = targets[i]!;
      const c = factor * weights[i]!;
      const before = pending[v]!;
      if (before === 0) {
        received[receivedCount++] = v;
        if (reached[v] === 0) {
          reached[v] = 1;
          touched[touchedCount++] = v;
        }
      }
      pending[v] = before + c;
      value[v] = value[v]! + c;
    }
    relaxed += end - start;
  }
  s.touchedCount = touchedCount;
  s.receivedCount = receivedCount;
  return relaxed;
}

/**
 * Runs every seed list after a warm-up of the first ten; returns relaxations per second of the
 * relaxation loops alone (wall clock: they allocate nothing and run on one thread).
 */
export function bareLoopEdgesPerSec(graph: TraversalGraph, seedLists: readonly (readonly Seed[])[], p: BareLoopParams): { edgesPerSec: number; relaxedPerQuery: number } {
  const csr = buildCsr(graph, p.edgeWeights);
  const s = new State(graph.nodeBound);
  let relaxed = 0;
  let loopMs = 0;
  const spread = (seeds: readonly Seed[]): void => {
    let frontier: number[] = [];
    let deltas: number[] = [];
    for (const seed of seeds) {
      const h = graph.handle(seed.id);
      if (h < 0) continue;
      s.value[h] = s.value[h]! + seed.activation;
      if (s.reached[h] === 0) {
        s.reached[h] = 1;
        s.touched[s.touchedCount++] = h;
      }
      frontier.push(h);
      deltas.push(seed.activation);
    }
    for (let hop = 1; hop <= p.hops && frontier.length > 0; hop++) {
      const t0 = performance.now();
      relaxed += relaxHop(csr, s, frontier, deltas, p.decay, p.fanOut);
      loopMs += performance.now() - t0;
      const above: number[] = [];
      for (let i = 0; i < s.receivedCount; i++) {
        const v = s.received[i]!;
        const got = s.pending[v]!;
        if (got < p.threshold) continue;
        s.scores[above.length] = got;
        above.push(v);
      }
      // The operator's own selection (threshold, then topK: `fireable` in spreading-activation.ts), so both fire the
      // same nodes and relax the same edges; keep the two in step.
      frontier = topK(above, s.scores, p.maxFrontier, (h) => graph.id(h)).map((i) => above[i]!);
      deltas = frontier.map((v) => s.pending[v]!);
      for (let i = 0; i < s.receivedCount; i++) s.pending[s.received[i]!] = 0;
    }
    for (let i = 0; i < s.touchedCount; i++) {
      const v = s.touched[i]!;
      s.value[v] = 0;
      s.reached[v] = 0;
    }
    s.touchedCount = 0;
  };
  for (const seeds of seedLists.slice(0, 10)) spread(seeds); // warm-up: JIT
  relaxed = 0;
  loopMs = 0;
  for (const seeds of seedLists) spread(seeds);
  return { edgesPerSec: Math.round(relaxed / (loopMs / 1000)), relaxedPerQuery: Math.round(relaxed / seedLists.length) };
}
