import type { Memory, MemoryNode } from "@hippograph/memory";
import type { MatchCondition } from "@langchain/langgraph";
import { matchesNamespace } from "./item-filter.js";

/** memory.search returns at most this many hits: beyond it, items follow unscored. */
const MAX_SCORED = 1000;

/** What a ranked search reads of the store, namespace by namespace. */
export interface RankedSource {
  /** Item namespaces in registry order. */
  namespaces: readonly string[];
  /** Whether a hit counts: a live item passing the search's filter. */
  keeps(node: MemoryNode): boolean;
  /** A namespace's items that count, in insertion order (a full scan: read only when the hits run short). */
  listed(ns: string): Promise<MemoryNode[]>;
}

/**
 * A query orders, it does not filter (as in LangGraph, where unindexed items follow the scored ones):
 * hybrid-search hits first by fused score, then every other candidate in insertion order.
 *
 * Only the first `wanted` places are computed exactly, and cheaply: each namespace is asked for
 * `wanted` hits (more while its filter rejects some), since the global top `wanted` lies within
 * the union of every namespace's own. Namespaces are scanned only when the hits of all of them
 * together do not fill `wanted`, for the unscored items that follow. So a query costs a search
 * per namespace, not a read of every item.
 */
export async function rankByQuery(
  memory: Memory, kind: string, query: string, now: number, wanted: number, source: RankedSource,
): Promise<{ node: MemoryNode; score: number | undefined }[]> {
  const hits = new Map<string, { node: MemoryNode; score: number }[]>();
  for (const ns of source.namespaces) hits.set(ns, await hitsIn(memory, kind, query, now, ns, wanted, source));
  const scored = [...hits.values()].flat().sort((a, b) => b.score - a.score); // stable: equal scores keep namespace order
  if (scored.length >= wanted) return scored;
  const rest: { node: MemoryNode; score: undefined }[] = [];
  for (const ns of source.namespaces) {
    const seen = new Set(hits.get(ns)!.map(({ node }) => node.id)); // ids are unique within a namespace only
    for (const node of await source.listed(ns)) if (!seen.has(node.id)) rest.push({ node, score: undefined });
  }
  return [...scored, ...rest];
}

/** A namespace's hits that count, at least `wanted` of them where it has that many scored. */
async function hitsIn(
  memory: Memory, kind: string, query: string, now: number, ns: string, wanted: number, source: RankedSource,
): Promise<{ node: MemoryNode; score: number }[]> {
  for (let k = Math.min(MAX_SCORED, Math.max(wanted, 10)); ; k = Math.min(MAX_SCORED, k * 4)) {
    const hits = await memory.search(query, { ns, kinds: [kind], k, candidates: Math.min(5000, Math.max(50, 2 * k)), view: { validAt: now } });
    const kept = hits.filter((h) => source.keeps(h.node)).map(({ node, score }) => ({ node, score }));
    // Fewer hits than asked: the namespace has no more to score.
    if (kept.length >= wanted || hits.length < k || k === MAX_SCORED) return kept;
  }
}

/** InMemoryStore.listNamespaces, step for step: match, truncate to maxDepth (deduplicated), sort, page. */
export function listPaths(
  paths: string[][], op: { matchConditions?: MatchCondition[]; maxDepth?: number; limit: number; offset: number },
): string[][] {
  let out = paths;
  if (op.matchConditions?.length) out = out.filter((p) => op.matchConditions!.every((c) => matchesNamespace(p, c)));
  if (op.maxDepth !== undefined) out = [...new Set(out.map((p) => p.slice(0, op.maxDepth).join(":")))].map((p) => p.split(":"));
  out.sort((a, b) => a.join(":").localeCompare(b.join(":")));
  return out.slice(op.offset, op.offset + op.limit);
}
