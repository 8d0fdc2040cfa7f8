import { DEFAULT_NAMESPACE, type Memory } from "@hippograph/memory";
import type { ActivatedMemory } from "./memory-state.js";

export interface SpreadOptions {
  ns?: string;
  hops: number;
  decay: number;
  limitPerNode: number;
  maxNodes: number;
  edgeKinds?: string[];
  now: number;
}

/**
 * INTERIM spreading activation: a bounded breadth-first walk over `stores.graph.neighbors`, each hop
 * multiplying activation by `decay` and the edge weight (capped at 1). It stands in until the retrieval
 * operators (proper spreading activation, PPR) land in @hippograph/memory; its contract — seeds in,
 * activated nodes out, strongest first — is the one those operators will keep.
 */
export async function spreadFrom(memory: Memory, seeds: readonly string[], o: SpreadOptions): Promise<ActivatedMemory[]> {
  // The facade keeps its default namespace private; the stores need one, so assume the library default.
  const ns = o.ns ?? DEFAULT_NAMESPACE;
  const best = new Map<string, { activation: number; hops: number }>(seeds.map((id) => [id, { activation: 1, hops: 0 }]));
  let frontier = [...new Set(seeds)];
  const view = { validAt: o.now, knownAt: o.now };
  for (let hop = 1; hop <= o.hops && frontier.length > 0 && best.size < o.maxNodes; hop++) {
    const rows = await memory.stores.graph.neighbors({
      ns, ids: frontier, direction: "both", view, limitPerNode: o.limitPerNode, ...(o.edgeKinds ? { edgeKinds: o.edgeKinds } : {}),
    });
    const next = new Set<string>();
    for (const row of rows) {
      const from = best.get(row.node);
      if (!from) continue;
      const activation = from.activation * o.decay * Math.min(1, row.weight);
      const seen = best.get(row.neighbor);
      if (seen && seen.activation >= activation) continue;
      if (!seen && best.size >= o.maxNodes) continue;
      best.set(row.neighbor, { activation, hops: hop });
      next.add(row.neighbor);
    }
    frontier = [...next];
  }
  const nodes = await memory.stores.graph.getNodes({ ns, ids: [...best.keys()] });
  return nodes
    .map((n) => ({ id: n.id, kind: n.kind, text: n.text, ...best.get(n.id)! }))
    .sort((a, b) => b.activation - a.activation || a.hops - b.hops || a.id.localeCompare(b.id));
}

