import { grown } from "./grown.js";

const INITIAL = 1024;

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
  targets = new Int32Array(INITIAL);
  amounts = new Float64Array(INITIAL);
  /** decay × kind weight × edge weight / fan: the factor a path multiplies by across this edge. */
  factors = new Float64Array(INITIAL);
  kinds = new Int32Array(INITIAL);
  sources = new Int32Array(INITIAL);
  /** Entries written, across the spread's hops. */
  length = 0;

  /** Room for `more` entries after the current ones; call before writing them. */
  reserve(more: number): void {
    const need = this.length + more;
    if (need > this.targets.length) this.resize(Math.max(need, this.targets.length * 2), this.length);
  }

  /**
   * Empties the log; a log grown past `keep` entries by a hub-heavy spread is dropped for a small
   * one, so a pooled scratch does not hold the largest spread's memory for good.
   */
  clear(keep = 1 << 22): void {
    this.length = 0;
    if (this.targets.length > keep) this.resize(INITIAL, 0);
  }

  /** New arrays of `size` entries, keeping the first `kept`. */
  private resize(size: number, kept: number): void {
    this.targets = grown(this.targets, new Int32Array(size), kept);
    this.amounts = grown(this.amounts, new Float64Array(size), kept);
    this.factors = grown(this.factors, new Float64Array(size), kept);
    this.kinds = grown(this.kinds, new Int32Array(size), kept);
    this.sources = grown(this.sources, new Int32Array(size), kept);
  }
}
