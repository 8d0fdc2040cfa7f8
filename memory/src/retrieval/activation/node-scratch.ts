/**
 * Per-query state per node handle, for the graph operators. Allocating arrays of `nodeBound` per
 * query would make every query cost O(graph); instead a finished query returns its scratch to a pool
 * and resets only the nodes it touched, so a query costs O(what it activated).
 *
 * A node's fields sit together: an edge relaxation updates several fields of a random node, and one
 * cache line instead of one per field array measured ~2× faster. The fields every relaxation reads
 * are in `data` (`data[node * STRIDE + FIELD]`, 32 bytes a node, so the touched part of a large
 * query stays in L2); those an operator only writes, or forward push alone reads, are in `links`
 * (`links[node * LINK_STRIDE + FIELD]`).
 *
 * Spreading activation keeps total activation in VALUE and this hop's receipts in PENDING; forward
 * push keeps the PageRank estimate in VALUE and the residual in PENDING. Both keep the strongest
 * path's STRENGTH, PARENT and edge kind (VIA) for explanations, and the HOP (push round) in which the
 * node was first reached; HOP < 0 means untouched. DEGREE and QUEUED serve forward push only.
 */
export const VALUE = 0;
export const PENDING = 1;
export const STRENGTH = 2;
export const HOP = 3;
export const STRIDE = 4;
/** Fields of `links`. */
export const PARENT = 0;
export const VIA = 1;
export const DEGREE = 2;
export const QUEUED = 3;
export const LINK_STRIDE = 4;

/** Reset state of one node; -1 = none / unknown. */
const CLEAN = [0, 0, 0, -1];
const CLEAN_LINKS = [-1, -1, -1, 0];

export class NodeScratch {
  data = new Float64Array(0);
  links = new Int32Array(0);
  /** Every node whose fields differ from the reset state, in order of first touch: the first `touchedCount` of `touchedList`. */
  touchedList = new Int32Array(1024);
  touchedCount = 0;

  /** The touched nodes (a view, valid until the next touch). */
  get touched(): Int32Array {
    return this.touchedList.subarray(0, this.touchedCount);
  }

  /** Doubles `touchedList`, for hot loops that append to it themselves; returns the new one. */
  growTouched(): Int32Array {
    const next = new Int32Array(this.touchedList.length * 2);
    next.set(this.touchedList);
    this.touchedList = next;
    return next;
  }

  /** Grows (never shrinks) to hold handles below `bound`; lazily loaded graphs grow mid-query. */
  ensure(bound: number): void {
    const have = this.data.length / STRIDE;
    if (bound <= have) return;
    const size = Math.max(bound, Math.ceil(have * 1.5), 1024);
    const next = new Float64Array(size * STRIDE);
    next.set(this.data);
    for (let n = have; n < size; n++) next.set(CLEAN, n * STRIDE);
    this.data = next;
    const links = new Int32Array(size * LINK_STRIDE);
    links.set(this.links);
    for (let n = have; n < size; n++) links.set(CLEAN_LINKS, n * LINK_STRIDE);
    this.links = links;
  }

  /** A field of `data`. */
  get(node: number, field: number): number {
    return this.data[node * STRIDE + field]!;
  }

  /** A field of `links`. */
  link(node: number, field: number): number {
    return this.links[node * LINK_STRIDE + field]!;
  }

  /** Marks a node reached at `hop`; true the first time. */
  touch(node: number, hop: number): boolean {
    const at = node * STRIDE + HOP;
    if (this.data[at]! >= 0) return false;
    this.data[at] = hop;
    if (this.touchedCount === this.touchedList.length) this.growTouched();
    this.touchedList[this.touchedCount++] = node;
    return true;
  }

  reset(): void {
    const d = this.data;
    const links = this.links;
    const touched = this.touchedList;
    for (let i = 0; i < this.touchedCount; i++) {
      const node = touched[i]!;
      const at = node * STRIDE;
      d[at + VALUE] = d[at + PENDING] = d[at + STRENGTH] = 0;
      d[at + HOP] = -1;
      const l = node * LINK_STRIDE;
      links[l + PARENT] = links[l + VIA] = links[l + DEGREE] = -1;
      links[l + QUEUED] = 0;
    }
    this.touchedCount = 0;
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
