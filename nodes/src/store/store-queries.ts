import type { Memory, MemoryNode } from "@hippograph/memory";
import type { MatchCondition } from "@langchain/langgraph";
import { matchesNamespace } from "./item-filter.js";

/**
 * A query orders, it does not filter (as in LangGraph, where unindexed items follow the scored ones):
 * hybrid-search hits first by fused score, then every other candidate in insertion order.
 */
export async function rankByQuery(
  memory: Memory, kind: string, query: string, groups: readonly { ns: string; items: MemoryNode[] }[],
): Promise<{ node: MemoryNode; score: number | undefined }[]> {
  const scored: { node: MemoryNode; score: number }[] = [];
  const rest: { node: MemoryNode; score: undefined }[] = [];
  for (const { ns, items } of groups) {
    // k and candidates cover the whole namespace (up to the search limits), so every indexed item gets a score.
    const hits = await memory.search(query, { ns, kinds: [kind], k: Math.min(1000, items.length), candidates: Math.min(5000, Math.max(50, items.length)) });
    const score = new Map(hits.map((h) => [h.id, h.score]));
    for (const node of items) {
      const s = score.get(node.id);
      if (s === undefined) rest.push({ node, score: undefined });
      else scored.push({ node, score: s });
    }
  }
  return [...scored.sort((a, b) => b.score - a.score), ...rest];
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
