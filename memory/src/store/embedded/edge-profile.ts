import { foldedWeight, type EdgeBlock } from "../../ports/traversal.js";
import { admitted, META_TIMED, visibleAt, type Snapshot } from "./adjacency-snapshot.js";

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
  /**
   * Per node (`CompiledEdges.readyFrom`): once compiled, -Infinity without time-bounded entries, the
   * latest valid-to where every one has one (an edge invalidated since is invisible to every view
   * at or after it: a memory's superseded facts), else NaN; NaN too before it is compiled and once a
   * write changes the node's list. NaN because no view time passes `readyFrom <= viewTime` with it,
   * not even Infinity.
   */
  readonly readyFrom: Float64Array;
  readonly targets: Int32Array;
  readonly kinds: Int32Array;
  readonly weights: Float64Array;
  /** Per node: start and end of its admitted time-bounded entries in `timed`, valid once the node is compiled. */
  private readonly timedBounds: Int32Array;
  /** Snapshot entry numbers of the compiled nodes' admitted time-bounded entries (few: read from the snapshot when visited). */
  private timed: Int32Array = new Int32Array(64);
  private timedSize = 0;

  constructor(
    private readonly snap: Snapshot,
    private readonly mask: Uint8Array,
    private readonly kindWeight: Float64Array,
  ) {
    this.bounds = new Int32Array(2 * snap.nodes);
    this.compiled = new Uint8Array(snap.nodes);
    this.readyFrom = new Float64Array(snap.nodes).fill(Number.NaN);
    this.timedBounds = new Int32Array(2 * snap.nodes);
    this.targets = new Int32Array(snap.entries);
    this.kinds = new Int32Array(snap.entries);
    this.weights = new Float64Array(snap.entries);
  }

  /** Compiles a node of the snapshot (handle below `snap.nodes`) not compiled yet. */
  compile(node: number): void {
    const { ints, doubles } = this.snap;
    const from = this.snap.offsets[node]!;
    const to = this.snap.offsets[node + 1]!;
    let k = from;
    let t = this.timedSize;
    for (let i = from; i < to; i++) {
      const meta = ints[i * 4 + 1]!;
      if (!admitted(this.mask, meta)) continue;
      if ((meta & META_TIMED) !== 0) {
        if (t === this.timed.length) this.timed = grown(this.timed);
        this.timed[t++] = i;
        continue;
      }
      const kind = meta >> 2;
      this.targets[k] = ints[i * 4]!;
      this.kinds[k] = kind;
      this.weights[k++] = foldedWeight(this.kindWeight[kind]!, doubles[i * 2 + 1]!);
    }
    this.bounds[2 * node] = from;
    this.bounds[2 * node + 1] = k;
    this.timedBounds[2 * node] = this.timedSize;
    this.timedBounds[2 * node + 1] = t;
    this.readyFrom[node] = this.closedAt(this.timedSize, t);
    this.timedSize = t;
    this.compiled[node] = 1;
  }

  /** -Infinity for no entries, the latest valid-to of `timed[from, to)` where each has one, else NaN. */
  private closedAt(from: number, to: number): number {
    const { timeRef, times } = this.snap;
    let closed = -Infinity;
    for (let j = from; j < to; j++) {
      const validTo = times[timeRef[this.timed[j]!]! * 3 + 1]!;
      if (validTo !== validTo) return Number.NaN; // no valid-to: visible to some view at any time
      if (validTo > closed) closed = validTo;
    }
    return closed;
  }

  /** A compiled node's time-bounded entries visible from (validAt, knownAt), NaN = unconstrained, into `into` from 0; returns how many. */
  collectTimed(node: number, validAt: number, knownAt: number, into: EdgeBlock): number {
    const start = this.timedBounds[2 * node]!;
    const end = this.timedBounds[2 * node + 1]!;
    if (start === end) return 0;
    into.reserve(end - start);
    const { others, kinds, weights } = into;
    const { ints, doubles, timeRef } = this.snap;
    let c = 0;
    for (let j = start; j < end; j++) {
      const i = this.timed[j]!;
      if (!visibleAt(this.snap, timeRef[i]!, validAt, knownAt)) continue;
      const kind = ints[i * 4 + 1]! >> 2;
      others[c] = ints[i * 4]!;
      kinds[c] = kind;
      weights[c++] = foldedWeight(this.kindWeight[kind]!, doubles[i * 2 + 1]!);
    }
    return c;
  }
}

/** A copy of `list` twice as long. */
function grown(list: Int32Array): Int32Array {
  const next = new Int32Array(list.length * 2);
  next.set(list);
  return next;
}
