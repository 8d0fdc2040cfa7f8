import type { Memory, MemoryNode } from "@hippograph/memory";
import type { MatchCondition } from "@langchain/langgraph";
import { matchesNamespace } from "./item-filter.js";

/**
 * memory.search returns at most this many hits: beyond them, items follow unscored. Each channel
 * also draws this many candidates, whatever the page: a fused score depends on the candidate pools,
 * so pools that grew with `offset + limit` would rank an item differently from page to page.
 */
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
 * Only the first `wanted` places are computed exactly, and cheaply: the global top `wanted` lies
 * within the union of every namespace's own, so each namespace is asked for `wanted` hits. Where
 * its filter rejects some, a scan counts the items it accepts, and the search widens until it has
 * them all or `wanted` (the scan, not ever wider searches, settles a filter that accepts nothing
 * there). Items are otherwise read only when the hits of all namespaces together do not fill
 * `wanted`, for the unscored items that follow.
 */
export async function rankByQuery(
  memory: Memory, kind: string, query: string, wanted: number, source: RankedSource,
): Promise<{ node: MemoryNode; score: number | undefined }[]> {
  const listed = new Map<string, Promise<MemoryNode[]>>();
  const listedOnce = (ns: string) => listed.get(ns) ?? listed.set(ns, source.listed(ns)).get(ns)!;
  const hits = new Map<string, { node: MemoryNode; score: number }[]>();
  for (const ns of source.namespaces) {
    const search = async (k: number) => {
      // Deleted items are still indexed: asked for with the rest and rejected by `keeps`, they cannot
      // make a short answer look like the namespace's last hits.
      const found = await memory.search(query, { ns, kinds: [kind], k, candidates: MAX_SCORED, includeInvalid: true });
      // Fewer hits than asked: the namespace has no more to score.
      return { kept: found.filter((h) => source.keeps(h.node)).map(({ node, score }) => ({ node, score })), more: found.length === k && k < MAX_SCORED };
    };
    let k = Math.min(MAX_SCORED, Math.max(wanted, 10));
    let round = await search(k);
    if (round.kept.length < wanted && round.more) {
      const enough = Math.min(wanted, (await listedOnce(ns)).length);
      while (round.kept.length < enough && round.more) round = await search((k = Math.min(MAX_SCORED, k * 4)));
    }
    hits.set(ns, round.kept);
  }
  const scored = [...hits.values()].flat().sort((a, b) => b.score - a.score); // stable: equal scores keep namespace order
  if (scored.length >= wanted) return scored;
  const rest: { node: MemoryNode; score: undefined }[] = [];
  for (const ns of source.namespaces) {
    const seen = new Set(hits.get(ns)!.map(({ node }) => node.id)); // ids are unique within a namespace only
    for (const node of await listedOnce(ns)) if (!seen.has(node.id)) rest.push({ node, score: undefined });
  }
  return [...scored, ...rest];
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
