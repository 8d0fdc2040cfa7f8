import type { TraversalGraph } from "../../ports/traversal.js";
import type { Explanation } from "../scored.js";
import { explain } from "./explain.js";
import type { KindTable } from "./kind-table.js";
import type { NodeScratch } from "./node-scratch.js";
import { topK } from "./top-k.js";

/** A node a graph operator scored, with the strongest path that reached it. */
export interface ActivatedNode {
  id: string;
  /** The operator's score: total activation, or the PageRank estimate. */
  activation: number;
  /** The hop (push round) in which the node was first reached; 0 for seeds. */
  hops: number;
  explanation: Explanation;
}

/** Reusable buffer of the touched nodes' scores (ranking runs synchronously). */
let scoreBuffer = new Float64Array(1024);

/**
 * The `limit` best scored nodes, best first, ties by id. `loose` holds seeds the graph has no edges
 * for: they are scored as given, each its own explanation. The nodes' paths must be known: see
 * `bestTouched` for an operator that traces them afterwards.
 */
export function ranked(graph: TraversalGraph, s: NodeScratch, table: KindTable, loose: ReadonlyMap<string, number>, limit: number): ActivatedNode[] {
  return activatedNodes(graph, s, table, bestTouched(graph, s, limit), loose, limit);
}

/** The handles of the `limit` touched nodes scored highest (ties by id), in no particular order; none scored 0. */
export function bestTouched(graph: TraversalGraph, s: NodeScratch, limit: number): number[] {
  const touched = s.touched;
  if (scoreBuffer.length < touched.length) scoreBuffer = new Float64Array(Math.max(touched.length, scoreBuffer.length * 2));
  const scores = scoreBuffer;
  const value = s.value;
  for (let i = 0; i < touched.length; i++) scores[i] = value[touched[i]!]!;
  return topK(touched, scores, limit, (h) => graph.id(h))
    .map((i) => touched[i]!)
    .filter((h) => value[h]! > 0);
}

/** `best` (from `bestTouched`) and the loose seeds as scored items, best first, ties by id, at most `limit`. */
export function activatedNodes(
  graph: TraversalGraph, s: NodeScratch, table: KindTable, best: readonly number[], loose: ReadonlyMap<string, number>, limit: number,
): ActivatedNode[] {
  const items: ActivatedNode[] = best.map((h) => ({ id: graph.id(h), activation: s.value[h]!, hops: s.hop[h]!, explanation: explain(graph, s, table, h) }));
  for (const [id, score] of loose) items.push({ id, activation: score, hops: 0, explanation: { seed: id, path: [] } });
  return items.sort((a, b) => b.activation - a.activation || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, limit);
}
