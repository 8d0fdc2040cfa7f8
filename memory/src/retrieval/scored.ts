import type { MemoryNode } from "../model/node.js";

/**
 * The value every retrieval operator takes and returns: a ranked list of node ids, each with the
 * evidence for its score, so a hit can always be explained (which channel found it, at what rank,
 * and — after spreading activation or PageRank — which seed and which path reached it).
 */

/** One hop of an explanation path: the node reached and the edge kind it was reached by. */
export interface PathStep {
  id: string;
  via: string;
}

/** Why a graph operator scored a node: the seed of its strongest path, and that path (seed excluded). */
export interface Explanation {
  seed: string;
  path: PathStep[];
}

export interface ScoredItem {
  id: string;
  score: number;
  /** Per list that contributed (a seed channel, an operator): 1-based rank and raw score there. */
  evidence: Record<string, { rank: number; score: number }>;
  explanation?: Explanation;
}

/** An operator's output: items best first, under the name the pipeline gave the step. */
export interface ScoredList {
  name: string;
  items: ScoredItem[];
}

/** A scored item resolved to its node, visible in the query's view. */
export interface RetrievedItem extends ScoredItem {
  node: MemoryNode;
}
