/**
 * A synchronous, read-only view of one namespace's adjacency at one point in time, for operators
 * whose cost must grow with the activated frontier, not with the graph (spreading activation,
 * personalized PageRank). Nodes and edge kinds are small integer handles so inner loops touch no
 * strings. The embedded store serves it from its in-memory adjacency; a network backend is wrapped
 * by a loader that fetches each frontier's edges with one `neighbors` call per hop (`load`).
 */
export interface TraversalGraph {
  /** Dense handle of a node, or -1 when the node has no edge in this view. */
  handle(id: string): number;
  id(handle: number): string;
  /** Handle of an edge kind, or -1 when no edge has it. */
  kindCode(kind: string): number;
  /** Upper bound on node handles (sizes per-query scratch arrays). */
  readonly nodeBound: number;
  /**
   * Visits each edge of `node` visible in this view, in both directions: `other` is the node across
   * the edge, `out` is true when `node` is the edge's source.
   */
  forEachEdge(node: number, visit: (other: number, kind: number, weight: number, out: boolean) => void): void;
  /**
   * Optional bulk form of `forEachEdge`, for operators' inner loops (one call per node instead of
   * one per edge): writes `node`'s visible edges whose kind and direction `mask` admits into `into`
   * from index 0, in `forEachEdge` order, and returns how many. An edge of kind k admitted iff
   * k < mask.length and mask[k] has bit EDGE_OUT (`node` is the source) or EDGE_IN (`node` is the
   * target); `weights` gets the edge's own weight, unclamped.
   */
  collectEdges?(node: number, mask: Uint8Array, into: EdgeBlock): number;
  /**
   * Optional: the edges an edge table admits (`mask` as for `collectEdges`; `kindWeight` per kind
   * code), compiled for operators' hot loops to read in place. May return undefined (nothing
   * compiled for this table or view yet): operators then collect. See `CompiledEdges`.
   */
  compiled?(mask: Uint8Array, kindWeight: Float64Array): CompiledEdges | undefined;
  /** For lazily loaded views: fetch these nodes' edges before they are visited. */
  load?(nodes: readonly number[]): Promise<void>;
}

/** An edge's weight as operators use it, and as `CompiledEdges` hold it: its kind's weight × its own, clamped to [0, 1] (NaN counts as 0). */
export function foldedWeight(kindWeight: number, weight: number): number {
  return kindWeight * (weight > 1 ? 1 : weight > 0 ? weight : 0);
}

/** `collectEdges` mask bits: may cross from the edge's source / from its target. */
export const EDGE_OUT = 1;
export const EDGE_IN = 2;

/** Parallel arrays `collectEdges` fills. */
export interface EdgeBlock {
  others: Int32Array;
  kinds: Int32Array;
  weights: Float64Array;
  /** Makes the arrays hold at least `n` entries (may replace them; read them after calling). */
  reserve(n: number): void;
}

/**
 * A view's traversable edges for one edge table, for an operator to read in place: after
 * `prepare(node)` returns true, the node's edges without time bounds are [bounds[2·node],
 * bounds[2·node + 1]) of `targets`/`kinds`/`weights`, each weighted by `foldedWeight` (as
 * `EdgeBuffer` weights a `collectEdges`), and its time-bounded
 * edges, which the view has to check, come apart from `timed`. Each part keeps `collectEdges`'
 * relative order, but the two are not interleaved as `collectEdges` interleaves them: an operator
 * must not depend on that order. A node `prepare` refuses (a backend's compiled form may lag its
 * writes) is collected as before. Valid until the caller next awaits: ask again after.
 */
export interface CompiledEdges {
  /** Makes the node's edges readable in place (a backend may compile them now) or returns false. May replace the three arrays: read them after. */
  prepare(node: number): boolean;
  /**
   * A shortcut for the hot loop, which calls nothing for most nodes this way: where
   * `readyFrom[node] <= viewTime`, `prepare` would return true without compiling and `timed`
   * would write nothing, so the node's edges are exactly its bounds. `readyFrom` is -Infinity for
   * a node without time-bounded edges, the time its last time-bounded edge stopped being valid
   * where all of them have, and NaN (or out of range) where `prepare` must be asked: no view time
   * passes the test then, not even Infinity.
   */
  readonly readyFrom: Float64Array;
  /** The view's valid time, or -Infinity where it is unconstrained (then only nodes without time-bounded edges are ready). */
  readonly viewTime: number;
  readonly bounds: Int32Array;
  readonly targets: Int32Array;
  readonly kinds: Int32Array;
  readonly weights: Float64Array;
  /** Writes a prepared node's time-bounded edges visible in the view, weighted as above, into `into` from index 0; returns how many. */
  timed(node: number, into: EdgeBlock): number;
}
