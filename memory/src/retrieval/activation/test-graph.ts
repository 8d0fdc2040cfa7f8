import type { TimeView } from "../../model/time.js";
import type { TraversalGraph } from "../../ports/traversal.js";
import { Adjacency } from "../../store/embedded/adjacency.js";
import { AdjacencyTraversal } from "../../store/embedded/adjacency-traversal.js";

/** [from, kind, to, weight = 1] */
export type TestEdge = readonly [string, string, string, number?];

/** The embedded store's own traversal over a hand-written edge list, for operator tests. */
export function testGraph(edges: readonly TestEdge[], view?: TimeView): TraversalGraph {
  const adjacency = new Adjacency();
  edges.forEach(([from, kind, to, weight], i) => {
    adjacency.upsert({ ns: "t", id: `e${i}`, kind, from, to, weight: weight ?? 1, validFrom: null, validTo: null, recordedAt: 0, expiredAt: null });
  });
  return new AdjacencyTraversal(adjacency, "t", view);
}
