import type { TraversalGraph } from "../../ports/traversal.js";
import type { Explanation, PathStep } from "../scored.js";
import type { KindTable } from "./kind-table.js";
import type { NodeScratch } from "./node-scratch.js";

/**
 * Follows the parent pointers of the strongest paths back to a seed. They cannot cycle. The
 * operators replace a node's path only with one weaker than the new parent's: every step multiplies
 * by a factor < 1, so it always is, except where a subnormal product rounds back to its input. A
 * node's first path is exempt, and may be as strong as its parent, but its parent was reached
 * before it. So along parent pointers strength never falls, and where it stays level the pointers
 * go back in order of first reach.
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
