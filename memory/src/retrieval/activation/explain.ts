import type { TraversalGraph } from "../../ports/traversal.js";
import type { Explanation, PathStep } from "../scored.js";
import type { KindTable } from "./kind-table.js";
import type { NodeScratch } from "./node-scratch.js";

/**
 * Follows the parent pointers of the strongest paths back to a seed. They cannot cycle: a parent
 * is only set when it offers a strictly stronger path, and every step multiplies strength by a
 * factor < 1, so strength strictly grows towards the root.
 */
export function explain(graph: TraversalGraph, scratch: NodeScratch, table: KindTable, node: number): Explanation {
  const path: PathStep[] = [];
  let at = node;
  while (scratch.parent[at]! >= 0) {
    path.push({ id: graph.id(at), via: table.names[scratch.kind[at]!]! });
    at = scratch.parent[at]!;
  }
  return { seed: graph.id(at), path: path.reverse() };
}
