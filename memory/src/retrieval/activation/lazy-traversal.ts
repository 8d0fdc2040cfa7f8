import { Interner } from "../../model/interner.js";
import type { TimeView } from "../../model/time.js";
import type { GraphStore } from "../../ports/graph-store.js";
import type { TraversalGraph } from "../../ports/traversal.js";

export interface LazyTraversalQuery {
  ns: string;
  view?: TimeView;
  /** The kinds the operator traverses; only these are fetched, and their codes are fixed up front. */
  edgeKinds: readonly string[];
  /** Strongest edges kept per node (`neighbors`' cap): bounds the fetch on hubs, and so the fan. */
  limitPerNode?: number;
}

/**
 * A TraversalGraph for a store without an in-memory one (Neo4j): it knows nothing until asked, and
 * `load` fetches every not-yet-loaded node of a frontier with ONE `neighbors` call, so a k-hop
 * spread costs k round trips. Any id gets a handle on request (its edges are unknown until loaded);
 * a node's edge list holds only the rows fetched for that node, so loading both ends of an edge
 * never duplicates it.
 */
export class LazyTraversal implements TraversalGraph {
  private readonly nodes = new Interner();
  /** Per node: flat quads (other, kind, weight, out ? 1 : 0), or undefined until loaded. */
  private readonly edges: (number[] | undefined)[] = [];
  private readonly kinds = new Interner();

  constructor(private readonly graph: GraphStore, private readonly query: LazyTraversalQuery) {
    for (const kind of query.edgeKinds) this.kinds.intern(kind);
  }

  get nodeBound(): number {
    return this.nodes.size;
  }

  handle(id: string): number {
    return this.nodes.intern(id);
  }

  id(handle: number): string {
    return this.nodes.name(handle);
  }

  kindCode(kind: string): number {
    return this.kinds.code(kind);
  }

  forEachEdge(node: number, visit: (other: number, kind: number, weight: number, out: boolean) => void): void {
    const quads = this.edges[node];
    if (quads === undefined) return;
    for (let i = 0; i < quads.length; i += 4) visit(quads[i]!, quads[i + 1]!, quads[i + 2]!, quads[i + 3] === 1);
  }

  async load(nodes: readonly number[]): Promise<void> {
    const missing = [...new Set(nodes)].filter((h) => this.edges[h] === undefined);
    if (missing.length === 0 || this.kinds.size === 0) return;
    const { ns, view, limitPerNode } = this.query;
    const rows = await this.graph.neighbors({
      ns, ids: missing.map((h) => this.nodes.name(h)), direction: "both", view, edgeKinds: this.kinds.all, limitPerNode,
    });
    for (const h of missing) this.edges[h] = [];
    for (const row of rows) {
      const kind = this.kinds.code(row.kind);
      if (kind < 0) continue; // a backend that ignored the kind filter
      this.edges[this.handle(row.node)]!.push(this.handle(row.neighbor), kind, row.weight, row.direction === "out" ? 1 : 0);
    }
  }
}
