import type { EdgeFilter, KindRegistry, NeighborQuery } from "@hippograph/memory";
import { allRelTypes, int, NODE_LABEL, relTypeOf, viewParams, viewPredicate, type Statement } from "./statement.js";

export function edgesByIds(kinds: KindRegistry, ns: string, ids: readonly string[]): Statement {
  return {
    text: `UNWIND $ids AS id
MATCH ()-[e:${allRelTypes(kinds).join("|")}]->()
WHERE e.ns = $ns AND e.id = id
RETURN properties(e) AS e`,
    params: { ns, ids: [...new Set(ids)] },
  };
}

export function findEdges(kinds: KindRegistry, f: EdgeFilter): Statement {
  return {
    text: `MATCH (a:${NODE_LABEL} {ns: $ns})-[e:${allRelTypes(kinds).join("|")}]->(b:${NODE_LABEL})
WHERE e.ns = $ns
  AND ($kinds IS NULL OR e.kind IN $kinds)
  AND ($nodeId IS NULL OR a.id = $nodeId OR b.id = $nodeId)
  AND ($sourceId IS NULL OR e.source_id = $sourceId)
  AND ($after IS NULL OR e.id > $after)
  AND ${viewPredicate("e")}
RETURN properties(e) AS e
ORDER BY e.id
LIMIT $limit`,
    params: {
      ns: f.ns, kinds: f.kinds ? [...f.kinds] : null, nodeId: f.nodeId ?? null, sourceId: f.sourceId ?? null,
      after: f.after ?? null, ...viewParams(f.view), limit: int(f.limit),
    },
  };
}

/**
 * One hop for a whole frontier in one query, returning compact adjacency rows (ids, kind, weight,
 * direction — never whole nodes). The per-node cap keeps the strongest edges, applied per frontier
 * node inside the subquery. Edge kinds narrow the relationship types in the pattern itself; kinds
 * outside the allow-list cannot match anything, so they are dropped (undefined when none is left).
 */
export function neighborsHop(kinds: KindRegistry, q: NeighborQuery): Statement | undefined {
  const wanted = q.edgeKinds ? q.edgeKinds.filter((k) => kinds.edgeKinds.has(k)) : [...kinds.edgeKinds];
  if (wanted.length === 0) return undefined;
  const types = [...new Set(wanted)].sort().map((k) => relTypeOf(kinds, k)).join("|");
  const branch = (dir: "out" | "in") => `MATCH (n)${dir === "in" ? "<" : ""}-[e:${types}]-${dir === "out" ? ">" : ""}(m:${NODE_LABEL})
    WHERE e.ns = $ns AND ${viewPredicate("e")}
    RETURN m.id AS neighbor, e.id AS edge, e.kind AS kind, e.weight AS weight, '${dir}' AS direction`;
  const branches = q.direction === "both" ? `${branch("out")}\n    UNION ALL\n    ${branch("in")}` : branch(q.direction);
  return {
    text: `UNWIND $ids AS id
MATCH (n:${NODE_LABEL} {ns: $ns, id: id})
CALL (n) {
    ${branches}
}
WITH id, neighbor, edge, kind, weight, direction
ORDER BY weight DESC, edge
WITH id, collect({neighbor: neighbor, edge: edge, kind: kind, weight: weight, direction: direction})[..$limit] AS rows
UNWIND rows AS row
RETURN id AS node, row.neighbor AS neighbor, row.edge AS edge, row.kind AS kind, row.weight AS weight, row.direction AS direction`,
    params: { ns: q.ns, ids: [...new Set(q.ids)], ...viewParams(q.view), limit: int(q.limitPerNode ?? 2_147_483_647) },
  };
}
