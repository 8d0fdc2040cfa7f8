import { visibleIn, type EdgeTime } from "@hippograph/memory";
import { checkSpread, type SpreadOptions } from "./cypher/spread.js";

export interface SpreadEdge {
  id: string;
  kind: string;
  from: string;
  to: string;
  weight: number;
  time?: EdgeTime;
}

/**
 * The same bounded spread as the Cypher pushdown (cypher/spread.ts), in plain TypeScript over an
 * edge list: used to pin down the semantics in unit tests, and as the oracle the server-side
 * result is compared with when a Neo4j server is available. Enumerates edge-simple paths by DFS.
 */
export function spreadReference(edges: readonly SpreadEdge[], o: Omit<SpreadOptions, "ns">): { id: string; activation: number }[] {
  checkSpread({ ...o, ns: "-" });
  const dir = o.direction ?? "out";
  const minWeight = o.minWeight ?? Number.NEGATIVE_INFINITY;
  const kinds = o.edgeKinds ? new Set(o.edgeKinds) : undefined;
  const usable = edges.filter((e) => (!kinds || kinds.has(e.kind)) && e.weight >= minWeight && (!e.time || visibleIn(e.time, o.view)));
  const steps = new Map<string, { edge: SpreadEdge; to: string }[]>();
  const add = (at: string, edge: SpreadEdge, to: string) => {
    let list = steps.get(at);
    if (!list) steps.set(at, (list = []));
    list.push({ edge, to });
  };
  for (const e of usable) {
    if (dir !== "in") add(e.from, e, e.to);
    if (dir !== "out") add(e.to, e, e.from);
  }
  const total = new Map<string, number>();
  const bump = (id: string, x: number) => total.set(id, (total.get(id) ?? 0) + x);
  const walk = (at: string, value: number, depth: number, used: Set<string>) => {
    if (depth === o.maxHops) return;
    for (const { edge, to } of steps.get(at) ?? []) {
      if (used.has(edge.id)) continue;
      const next = value * edge.weight * o.decay;
      bump(to, next);
      used.add(edge.id);
      walk(to, next, depth + 1, used);
      used.delete(edge.id);
    }
  };
  for (const seed of o.seeds) {
    bump(seed.id, seed.activation);
    walk(seed.id, seed.activation, 0, new Set());
  }
  return [...total]
    .map(([id, activation]) => ({ id, activation }))
    .filter((x) => x.activation >= o.threshold)
    .sort((a, b) => b.activation - a.activation || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, o.limit ?? 1_000);
}
