import type { TimeView } from "../../model/time.js";
import type { GraphStore } from "../../ports/graph-store.js";
import type { TraversalGraph } from "../../ports/traversal.js";
import { LazyTraversal } from "./lazy-traversal.js";

/**
 * The store's own in-memory traversal when it has one (embedded), else one fetched hop by hop
 * through `neighbors`. `edgeKinds` and `limitPerNode` shape only the fetched one: in memory,
 * skipping kinds is cheaper than building a filtered copy, and hubs cost no round trip.
 */
export function traversalOf(
  graph: GraphStore,
  query: { ns: string; view?: TimeView; edgeKinds: readonly string[]; limitPerNode?: number },
): TraversalGraph {
  return graph.traversal?.({ ns: query.ns, view: query.view }) ?? new LazyTraversal(graph, query);
}
