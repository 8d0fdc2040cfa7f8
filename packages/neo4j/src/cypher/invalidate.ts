import type { KindRegistry } from "@hippograph/memory";
import { allRelTypes, NODE_LABEL, type Statement } from "./statement.js";

/** Whole current nodes, write-locked: invalidation appends a version with the full new state. */
export function lockNodes(ns: string, ids: readonly string[]): Statement {
  return {
    text: `UNWIND $ids AS id
MATCH (n:${NODE_LABEL} {ns: $ns, id: id})
SET n.hg_lock = true
REMOVE n.hg_lock
RETURN properties(n) AS n`,
    params: { ns, ids: [...new Set(ids)] },
  };
}

/** Closes edges' windows in place (edges keep no history); null leaves a field as it was. */
export function invalidateEdges(kinds: KindRegistry, ns: string, ids: readonly string[], validTo: number | null, expiredAt: number | null): Statement {
  return {
    text: `UNWIND $ids AS id
MATCH ()-[e:${allRelTypes(kinds).join("|")}]->()
WHERE e.ns = $ns AND e.id = id
SET e.valid_to = coalesce($validTo, e.valid_to), e.expired_at = coalesce($expiredAt, e.expired_at)
RETURN count(e) AS changed`,
    params: { ns, ids: [...new Set(ids)], validTo, expiredAt },
  };
}
