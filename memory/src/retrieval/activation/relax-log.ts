/**
 * Every contribution one spread passed, in the order it passed them: the receiving node, the
 * amount, the edge's factor, its kind and the node that fired it. A hop first writes its edges
 * here, then adds them up from here; the strongest paths are traced from here after the last hop,
 * for the few nodes that need one (trace-paths.ts).
 *
 * Why a log instead of adding up while reading each firing node's edges: a frontier node has a few
 * edges at a random place, so that nested loop waits on each node's edge list before it can start
 * the next node's additions (in a replay of the bench's spreads, a flat loop over the same
 * additions ran 1.8× as fast). Writing the log is sequential and cheap. Owned by a NodeScratch, so
 * two queries in flight never share one.
 */
export class RelaxLog {
  targets = new Int32Array(1024);
  amounts = new Float64Array(1024);
  /** decay × kind weight × edge weight / fan: the factor a path multiplies by across this edge. */
  factors = new Float64Array(1024);
  kinds = new Int32Array(1024);
  sources = new Int32Array(1024);
  /** Entries written, across the spread's hops. */
  length = 0;

  /** Room for `more` entries after the current ones; call before writing them. */
  reserve(more: number): void {
    const need = this.length + more;
    if (need <= this.targets.length) return;
    const size = Math.max(need, this.targets.length * 2);
    this.targets = grown(this.targets, new Int32Array(size), this.length);
    this.amounts = grown(this.amounts, new Float64Array(size), this.length);
    this.factors = grown(this.factors, new Float64Array(size), this.length);
    this.kinds = grown(this.kinds, new Int32Array(size), this.length);
    this.sources = grown(this.sources, new Int32Array(size), this.length);
  }

  /**
   * Empties the log; a log grown past `keep` entries by a hub-heavy spread is dropped for a small
   * one, so a pooled scratch does not hold the largest spread's memory for good.
   */
  clear(keep = 1 << 22): void {
    this.length = 0;
    if (this.targets.length > keep) {
      this.targets = new Int32Array(1024);
      this.amounts = new Float64Array(1024);
      this.factors = new Float64Array(1024);
      this.kinds = new Int32Array(1024);
      this.sources = new Int32Array(1024);
    }
  }
}

function grown<T extends Float64Array | Int32Array>(from: T, into: T, length: number): T {
  into.set(from.subarray(0, length));
  return into;
}
