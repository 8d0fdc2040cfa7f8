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
  /** For lazily loaded views: fetch these nodes' edges before they are visited. */
  load?(nodes: readonly number[]): Promise<void>;
}
