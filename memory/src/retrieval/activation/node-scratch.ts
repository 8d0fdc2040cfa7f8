/**
 * Per-query state per node handle, for the graph operators. Allocating arrays of `nodeBound` per
 * query would make every query cost O(graph); instead a finished query returns its scratch to a pool
 * and resets only the nodes it touched, so a query costs O(what it activated).
 *
 * A node's fields sit together: an edge relaxation updates several fields of a random node, and one
 * cache line instead of one per field array measured ~2× faster. Everything a spreading-activation
 * relaxation reads or writes is in `data` (`data[node * STRIDE + FIELD]`, 32 bytes a node, so the
 * touched part of a large query stays in L2); forward push's own fields, DEGREE and QUEUED, are in
 * `links` (`links[node * LINK_STRIDE + FIELD]`).
 *
 * Spreading activation keeps total activation in VALUE and this hop's receipts in PENDING; forward
 * push keeps the PageRank estimate in VALUE and the residual in PENDING. Both keep the strongest
 * path's STRENGTH, and in TAG the hop (push round) in which the node was first reached, with the
 * strongest path's parent and edge kind: packed into one double so that a relaxation that improves a
 * path writes the line it already holds (with the parent and kind in a second array, that write was
 * another cache miss). TAG < 0 means untouched. Of two equally strong paths the one with the smaller
 * (parent handle, kind code) is kept (`preferred`), so the path does not depend on the order a
 * node's edges are read in.
 */
export const VALUE = 0;
export const PENDING = 1;
export const STRENGTH = 2;
export const TAG = 3;
export const STRIDE = 4;
/** Fields of `links`. */
export const DEGREE = 0;
export const QUEUED = 1;
export const LINK_STRIDE = 2;

/**
 * TAG = hop × HOP_UNIT + (parent + 1) × KIND_UNIT + kind code: exact in a double (below 2^53) for
 * parents below 2^31 − 1 (typed arrays end well before), kinds below KIND_UNIT and hops up to
 * MAX_HOP; a later hop (forward push's rounds can run longer) is recorded as MAX_HOP. A node
 * reached with no parent (a seed) has parent -1.
 */
export const KIND_UNIT = 4096;
export const HOP_UNIT = 2 ** 43;
export const MAX_HOP = 1023;

/** The TAG of a node first reached at `hop` (capped at MAX_HOP), before any path is known. */
export const reachedAt = (hop: number): number => Math.min(hop, MAX_HOP) * HOP_UNIT;
/** `tag` with its path replaced by parent `parent` over an edge of kind `kind`. */
export const withPath = (tag: number, parent: number, kind: number): number => Math.floor(tag / HOP_UNIT) * HOP_UNIT + (parent + 1) * KIND_UNIT + kind;
/** Whether a path as strong as `tag`'s, from `parent` over `kind`, replaces it: only when its (parent, kind) is smaller. */
export const preferred = (tag: number, parent: number, kind: number): boolean => (parent + 1) * KIND_UNIT + kind < tag % HOP_UNIT;
export const hopOf = (tag: number): number => Math.floor(tag / HOP_UNIT);
/** -1 for a node reached with no parent. */
export const parentOf = (tag: number): number => Math.floor((tag % HOP_UNIT) / KIND_UNIT) - 1;
export const kindOf = (tag: number): number => tag % KIND_UNIT;

/** Reset state of one node. */
const CLEAN = [0, 0, 0, -1];
const CLEAN_LINKS = [-1, 0];

export class NodeScratch {
  data = new Float64Array(0);
  /** Forward push's fields: see `useLinks`. */
  private links = new Int32Array(0);
  /** Whether this query used `links`: a query that did not (spreading activation) skips resetting them, a random write per touched node. */
  private linksUsed = false;
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

  /** The `links` fields, to be reset after this query. */
  useLinks(): Int32Array {
    this.linksUsed = true;
    return this.links;
  }

  /** Marks a node reached at `hop`; true the first time. */
  touch(node: number, hop: number): boolean {
    const at = node * STRIDE + TAG;
    if (this.data[at]! >= 0) return false;
    this.data[at] = reachedAt(hop);
    if (this.touchedCount === this.touchedList.length) this.growTouched();
    this.touchedList[this.touchedCount++] = node;
    return true;
  }

  reset(): void {
    const d = this.data;
    const touched = this.touchedList;
    for (let i = 0; i < this.touchedCount; i++) {
      const at = touched[i]! * STRIDE;
      d[at + VALUE] = d[at + PENDING] = d[at + STRENGTH] = 0;
      d[at + TAG] = -1;
    }
    if (this.linksUsed) {
      const links = this.links;
      for (let i = 0; i < this.touchedCount; i++) {
        const l = touched[i]! * LINK_STRIDE;
        links[l + DEGREE] = -1;
        links[l + QUEUED] = 0;
      }
    }
    this.linksUsed = false;
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
