/**
 * Per-query state per node handle, for the graph operators. Allocating arrays of `nodeBound` per
 * query would make every query cost O(graph); instead a finished query returns its scratch to a pool
 * and resets only the nodes it touched, so a query costs O(what it activated).
 *
 * A node's fields sit together (`data[node * STRIDE + FIELD]`): an edge relaxation updates several
 * fields of a random node, and one cache line instead of one per field array measured ~2× faster.
 *
 * Spreading activation keeps total activation in VALUE and this hop's receipts in PENDING; forward
 * push keeps the PageRank estimate in VALUE and the residual in PENDING. Both keep the strongest
 * path's STRENGTH, PARENT and edge kind (VIA) for explanations, and the HOP (push round) in which the
 * node was first reached; HOP < 0 means untouched. DEGREE and QUEUED serve forward push only.
 */
export const VALUE = 0;
export const PENDING = 1;
export const STRENGTH = 2;
export const PARENT = 3;
export const VIA = 4;
export const HOP = 5;
export const DEGREE = 6;
export const QUEUED = 7;
export const STRIDE = 8;

/** Reset state of one node; -1 = none / unknown. */
const CLEAN = [0, 0, 0, -1, -1, -1, -1, 0];

export class NodeScratch {
  data = new Float64Array(0);
  /** Every node whose fields differ from the reset state, in order of first touch. */
  readonly touched: number[] = [];

  /** Grows (never shrinks) to hold handles below `bound`; lazily loaded graphs grow mid-query. */
  ensure(bound: number): void {
    const have = this.data.length / STRIDE;
    if (bound <= have) return;
    const size = Math.max(bound, Math.ceil(have * 1.5), 1024);
    const next = new Float64Array(size * STRIDE);
    next.set(this.data);
    for (let n = have; n < size; n++) next.set(CLEAN, n * STRIDE);
    this.data = next;
  }

  get(node: number, field: number): number {
    return this.data[node * STRIDE + field]!;
  }

  /** Marks a node reached at `hop`; true the first time. */
  touch(node: number, hop: number): boolean {
    const at = node * STRIDE + HOP;
    if (this.data[at]! >= 0) return false;
    this.data[at] = hop;
    this.touched.push(node);
    return true;
  }

  reset(): void {
    const d = this.data;
    for (const n of this.touched) {
      const at = n * STRIDE;
      d[at + VALUE] = d[at + PENDING] = d[at + STRENGTH] = d[at + QUEUED] = 0;
      d[at + PARENT] = d[at + VIA] = d[at + HOP] = d[at + DEGREE] = -1;
    }
    this.touched.length = 0;
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
