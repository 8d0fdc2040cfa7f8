import type { EdgeBlock } from "../../ports/traversal.js";
import { admitted, META_TIMED, type Snapshot } from "./adjacency-snapshot.js";

/**
 * The snapshot's entries that one edge table admits (kinds and directions in `mask`), with the
 * kind weights folded into the edge weights — the only edges an operator with that table reads,
 * in the shape its hot loop wants. Compiled node by node, the first time an operator fires the
 * node, into the node's own range of the snapshot's layout (so nodes close in the snapshot stay
 * close here, as a thread's turns are): node n's entries without time bounds are then
 * [bounds[2n], bounds[2n + 1]) of `targets`/`kinds`/`weights`, read in place; those with bounds,
 * which every view must check, are kept apart (`collectTimed`). Each keeps the snapshot's order.
 *
 * Why: reading the snapshot through `collectEdges` costs a kind lookup, a direction test, a time
 * flag test and a copy per entry on every visit, which halved the spreading-activation hop loop
 * against a bare CSR (docs/retrieval.md); a profile pays that once per node and snapshot. Why by
 * node: compiling a whole table up front is a pass over every edge of the store (70–290 ms at a
 * million edges) inside whichever query asks first, and again after every rebuild; by node, a
 * query pays only for the nodes it fires, as it did collecting them. The arrays are sized for every
 * snapshot entry (16 bytes each) but written only where nodes are compiled, and the system maps
 * pages of a large zeroed allocation only when they are first written.
 */
export class EdgeProfile {
  /** Per node: start and end of its entries in `targets`/`kinds`/`weights`, once compiled. */
  readonly bounds: Int32Array;
  /** Per node: 1 once compiled. Nothing here is written before a node is compiled, so untouched pages cost no memory. */
  readonly compiled: Uint8Array;
  readonly targets: Int32Array;
  readonly kinds: Int32Array;
  readonly weights: Float64Array;
  /** Per node: start and end of its time-bounded entries, valid once the node is compiled. */
  private readonly timedBounds: Int32Array;
  private timedTargets = new Int32Array(64);
  private timedKinds = new Int32Array(64);
  private timedWeights = new Float64Array(64);
  /** validFrom, validTo, expiredAt per timed entry (NaN when absent). */
  private timedTimes = new Float64Array(64 * 3);
  private timedSize = 0;

  constructor(
    private readonly snap: Snapshot,
    private readonly mask: Uint8Array,
    private readonly kindWeight: Float64Array,
  ) {
    this.bounds = new Int32Array(2 * snap.nodes);
    this.compiled = new Uint8Array(snap.nodes);
    this.timedBounds = new Int32Array(2 * snap.nodes);
    this.targets = new Int32Array(snap.entries);
    this.kinds = new Int32Array(snap.entries);
    this.weights = new Float64Array(snap.entries);
  }

  /** Compiles a node of the snapshot (handle below `snap.nodes`) not compiled yet. */
  compile(node: number): void {
    const { ints, doubles, times, timeRef } = this.snap;
    const from = this.snap.offsets[node]!;
    const to = this.snap.offsets[node + 1]!;
    let k = from;
    let t = this.timedSize;
    for (let i = from; i < to; i++) {
      const meta = ints[i * 4 + 1]!;
      if (!admitted(this.mask, meta)) continue;
      const kind = meta >> 2;
      const raw = doubles[i * 2 + 1]!;
      const weight = this.kindWeight[kind]! * (raw > 1 ? 1 : raw > 0 ? raw : 0);
      if ((meta & META_TIMED) === 0) {
        this.targets[k] = ints[i * 4]!;
        this.kinds[k] = kind;
        this.weights[k++] = weight;
        continue;
      }
      this.reserveTimed(t + 1);
      const at = timeRef[i]! * 3;
      this.timedTargets[t] = ints[i * 4]!;
      this.timedKinds[t] = kind;
      this.timedWeights[t] = weight;
      this.timedTimes[t * 3] = times[at]!;
      this.timedTimes[t * 3 + 1] = times[at + 1]!;
      this.timedTimes[t * 3 + 2] = times[at + 2]!;
      t++;
    }
    this.bounds[2 * node] = from;
    this.bounds[2 * node + 1] = k;
    this.compiled[node] = 1;
    this.timedBounds[2 * node] = this.timedSize;
    this.timedBounds[2 * node + 1] = t;
    this.timedSize = t;
  }

  /** A compiled node's time-bounded entries visible from (validAt, knownAt), NaN = unconstrained, into `into` from 0; returns how many. */
  collectTimed(node: number, validAt: number, knownAt: number, into: EdgeBlock): number {
    const start = this.timedBounds[2 * node]!;
    const end = this.timedBounds[2 * node + 1]!;
    if (start === end) return 0;
    into.reserve(end - start);
    const { others, kinds, weights } = into;
    const times = this.timedTimes;
    let c = 0;
    for (let i = start; i < end; i++) {
      if (validAt === validAt && (times[i * 3]! > validAt || times[i * 3 + 1]! <= validAt)) continue;
      if (knownAt === knownAt && times[i * 3 + 2]! <= knownAt) continue;
      others[c] = this.timedTargets[i]!;
      kinds[c] = this.timedKinds[i]!;
      weights[c++] = this.timedWeights[i]!;
    }
    return c;
  }

  private reserveTimed(n: number): void {
    if (n <= this.timedTargets.length) return;
    const size = Math.max(n, this.timedTargets.length * 2);
    this.timedTargets = grown(this.timedTargets, new Int32Array(size));
    this.timedKinds = grown(this.timedKinds, new Int32Array(size));
    this.timedWeights = grown(this.timedWeights, new Float64Array(size));
    this.timedTimes = grown(this.timedTimes, new Float64Array(size * 3));
  }
}

function grown<T extends Int32Array | Float64Array>(from: T, into: T): T {
  into.set(from);
  return into;
}
