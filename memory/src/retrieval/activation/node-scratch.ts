import { grown } from "./grown.js";
import { RelaxLog } from "./relax-log.js";

/**
 * Per-query state per node handle, for the graph operators. Allocating arrays of `nodeBound` per
 * query would make every query cost O(graph); instead a finished query returns its scratch to a pool
 * and resets only the nodes it touched, so a query costs O(what it activated).
 *
 * One typed array per field, indexed by handle: an operator's hot loop touches only the fields it
 * needs (spreading activation's adds: value and pending; forward push's: pending, strength, parent
 * and kind). Replaying the bench's recorded frontiers, relaxation ran 1.4–1.7× faster over these
 * arrays than over one 32-byte record per node holding the same fields.
 *
 * Spreading activation keeps total activation in `value` and this hop's receipts in `pending`;
 * forward push keeps the PageRank estimate in `value` and the residual in `pending`. Both keep the
 * strongest path's `strength`, its last step (`parent`, edge `kind`), and in `hop` the hop (push
 * round) in which the node was first reached: -1 means untouched. Of two equally strong paths the one
 * with the smaller (parent handle, kind code) is kept (`offerPath`), so the path does not depend on
 * the order a node's edges are read in. Forward push's own fields are `degree` and `queued`.
 */
export class NodeScratch {
  value = new Float64Array(0);
  pending = new Float64Array(0);
  strength = new Float64Array(0);
  /** The hop of first reach; -1 untouched. */
  hop = new Int32Array(0);
  /** The strongest path's previous node, -1 for none (a seed); valid once the node is touched. */
  parent = new Int32Array(0);
  /** The kind code of the strongest path's last edge; valid where `parent` >= 0. */
  kind = new Int32Array(0);
  /** Forward push: a node's traversable degree once known (-1 before), and whether it is queued. */
  degree = new Int32Array(0);
  queued = new Uint8Array(0);
  /** Whether this query used `degree` and `queued`: a query that did not (spreading activation) skips resetting them. */
  private pushUsed = false;
  /**
   * Every node whose fields differ from the reset state, in order of first touch: the first
   * `touchedCount` of `touchedList`. Sized to hold every handle, so hot loops
   * append without a capacity check: a list that may be replaced mid-loop measured 25 % slower.
   */
  touchedList = new Int32Array(0);
  touchedCount = 0;
  /** Spreading activation: the contributions its hops passed (relax-log.ts). */
  readonly log = new RelaxLog();
  /**
   * Spreading activation: one bit per handle, all clear between uses (whoever sets bits clears
   * them): 40 KB at 300,000 nodes, so random reads of it hit the core's own cache.
   */
  marks = new Int32Array(0);

  /** The touched nodes (a view, valid until the next touch). */
  get touched(): Int32Array {
    return this.touchedList.subarray(0, this.touchedCount);
  }

  /** Grows (never shrinks) to hold handles below `bound`; lazily loaded graphs grow mid-query. */
  ensure(bound: number): void {
    const have = this.value.length;
    if (bound <= have) return;
    const size = Math.max(bound, Math.ceil(have * 1.5), 1024);
    this.value = grown(this.value, new Float64Array(size));
    this.pending = grown(this.pending, new Float64Array(size));
    this.strength = grown(this.strength, new Float64Array(size));
    this.hop = grown(this.hop, new Int32Array(size).fill(-1));
    this.parent = grown(this.parent, new Int32Array(size));
    this.kind = grown(this.kind, new Int32Array(size));
    this.degree = grown(this.degree, new Int32Array(size).fill(-1));
    this.queued = grown(this.queued, new Uint8Array(size));
    this.touchedList = grown(this.touchedList, new Int32Array(size));
    this.marks = grown(this.marks, new Int32Array((size >>> 5) + 1));
  }

  /** Set by `settle`: the touched nodes' pending and strength are 0 already. */
  private settled = false;

  /**
   * For an operator that finished normally with every pending back at 0 (spreading activation's
   * selection consumes them all): zeroes the strength of `nodes`, which must name every node whose
   * strength it set, and spares `reset` clearing both fields for every touched node, two random
   * writes per node. A query that fails before this is reset in full.
   */
  settle(nodes: Iterable<number>): void {
    for (const v of nodes) this.strength[v] = 0;
    this.settled = true;
  }

  /** Marks the query as using forward push's fields, to be reset after it. */
  usePush(): void {
    this.pushUsed = true;
  }

  /** Marks a node reached at `hop`, with no path yet; true the first time. */
  touch(node: number, hop: number): boolean {
    if (this.hop[node]! >= 0) return false;
    this.hop[node] = hop;
    this.parent[node] = -1;
    this.touchedList[this.touchedCount++] = node;
    return true;
  }

  /**
   * Offers `node` a path of strength `strength` from `parent` over `kind`: it replaces the held one
   * when stronger, or as strong with a smaller (parent, kind). It must also be weaker than
   * `bound`, the parent's own strength, unless it is the node's first: a subnormal product can round
   * back to the parent's, and two such nodes would become each other's parent (explain.ts).
   */
  offerPath(node: number, parent: number, kind: number, strength: number, bound: number): void {
    const held = this.strength[node]!;
    if (strength < held || (strength >= bound && held !== 0)) return;
    if (strength === held) {
      const heldParent = this.parent[node]!;
      if (parent > heldParent || (parent === heldParent && kind >= this.kind[node]!)) return;
    }
    this.strength[node] = strength;
    this.parent[node] = parent;
    this.kind[node] = kind;
  }

  /** `parent` and `kind` need no reset: `touch` and the first path written set them. */
  reset(): void {
    const touched = this.touchedList;
    const { value, pending, strength, hop } = this;
    if (this.settled) {
      for (let i = 0; i < this.touchedCount; i++) {
        const v = touched[i]!;
        value[v] = 0;
        hop[v] = -1;
      }
    } else {
      for (let i = 0; i < this.touchedCount; i++) {
        const v = touched[i]!;
        value[v] = pending[v] = strength[v] = 0;
        hop[v] = -1;
      }
    }
    if (this.pushUsed) {
      const { degree, queued } = this;
      for (let i = 0; i < this.touchedCount; i++) {
        const v = touched[i]!;
        degree[v] = -1;
        queued[v] = 0;
      }
    }
    this.pushUsed = false;
    this.settled = false;
    this.touchedCount = 0;
    this.log.clear();
  }
}

/** Idle scratches; a few suffice, since a query holds one only while it runs. */
const pool: NodeScratch[] = [];
const POOL_SIZE = 4;

/** Runs `fn` with a clean scratch sized for `bound`, and returns the scratch to the pool after. */
export async function withScratch<T>(bound: number, fn: (scratch: NodeScratch) => Promise<T>): Promise<T> {
  const scratch = pool.pop() ?? new NodeScratch();
  scratch.ensure(bound);
  try {
    return await fn(scratch);
  } finally {
    scratch.reset();
    if (pool.length < POOL_SIZE) pool.push(scratch);
  }
}
