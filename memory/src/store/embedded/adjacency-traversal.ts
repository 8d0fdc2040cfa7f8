import type { TimeView } from "../../model/time.js";
import type { CompiledEdges, EdgeBlock, TraversalGraph } from "../../ports/traversal.js";
import type { Adjacency } from "./adjacency.js";

/**
 * One namespace of the in-memory adjacency, seen from one point in time. Handles are the
 * adjacency's global node slots: edges never cross namespaces, so a walk that starts from a node of
 * `ns` stays in `ns`, and only `handle` needs the namespace. A handle may exist for a node whose edges
 * are all outside the view; `forEachEdge` then visits nothing, which is the same to any operator.
 *
 * A live view, not a snapshot: it reads the adjacency as it is when called. Operators traverse
 * synchronously between awaits, so a commit cannot land mid-hop; take a fresh traversal per query.
 */
export class AdjacencyTraversal implements TraversalGraph {
  /** The view's two instants, NaN where it does not constrain (see `Adjacency.collectAt`). */
  private readonly validAt: number;
  private readonly knownAt: number;

  constructor(
    private readonly adjacency: Adjacency,
    private readonly ns: string,
    private readonly view: TimeView | undefined,
  ) {
    this.validAt = view?.validAt ?? Number.NaN;
    this.knownAt = view?.knownAt ?? Number.NaN;
  }

  get nodeBound(): number {
    return this.adjacency.nodeBound;
  }

  handle(id: string): number {
    return this.adjacency.nodeHandle(this.ns, id);
  }

  id(handle: number): string {
    return this.adjacency.nodeId(handle);
  }

  kindCode(kind: string): number {
    return this.adjacency.knownKindCode(kind);
  }

  forEachEdge(node: number, visit: (other: number, kind: number, weight: number, out: boolean) => void): void {
    this.adjacency.visitEdges(node, this.view, visit);
  }

  collectEdges(node: number, mask: Uint8Array, into: EdgeBlock): number {
    return this.adjacency.collectAt(node, this.validAt, this.knownAt, mask, into);
  }

  compiled(mask: Uint8Array, kindWeight: Float64Array): CompiledEdges | undefined {
    return this.adjacency.compiledAt(this.validAt, this.knownAt, mask, kindWeight);
  }
}
