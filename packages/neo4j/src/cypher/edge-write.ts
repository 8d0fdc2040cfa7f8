import type { KindRegistry } from "@hippograph/memory";
import { allRelTypes, NODE_LABEL, relTypeOf, type Statement } from "./statement.js";

/** Stored properties of an edge relationship (kind kept as a property too, for uniform reads). */
export interface EdgeProps {
  ns: string;
  id: string;
  kind: string;
  from: string;
  to: string;
  weight: number;
  attrs: string;
  source_id: string;
  source_type: string;
  trust: number;
  valid_from: number | null;
  valid_to: number | null;
  recorded_at: number;
  expired_at: number | null;
}

/** Which edges of the batch have an endpoint missing in their namespace (the batch then fails whole). */
export function missingEndpoints(rows: readonly { i: number; ns: string; from: string; to: string }[]): Statement {
  return {
    text: `UNWIND $rows AS row
OPTIONAL MATCH (a:${NODE_LABEL} {ns: row.ns, id: row.from})
OPTIONAL MATCH (b:${NODE_LABEL} {ns: row.ns, id: row.to})
WITH row, a, b
WHERE a IS NULL OR b IS NULL
RETURN row.i AS i, a IS NULL AS fromMissing, b IS NULL AS toMissing`,
    params: { rows },
  };
}

/**
 * Removes the current relationship of each edge id, whatever its type, returning its system-time
 * stamps: a relationship's type and endpoints are immutable, so a rewrite is delete + create.
 */
export function detachEdges(kinds: KindRegistry, keys: readonly { ns: string; id: string }[]): Statement {
  return {
    text: `UNWIND $keys AS key
MATCH ()-[e:${allRelTypes(kinds).join("|")}]->()
WHERE e.ns = key.ns AND e.id = key.id
WITH key, e, e.recorded_at AS recordedAt, e.expired_at AS expiredAt
DELETE e
RETURN key.ns AS ns, key.id AS id, recordedAt, expiredAt`,
    params: { keys },
  };
}

/** Creates one UNWIND batch of edges sharing a kind; the type comes from the allow-list. */
export function createEdges(kinds: KindRegistry, kind: string, rows: readonly EdgeProps[]): Statement {
  return {
    text: `UNWIND $rows AS row
MATCH (a:${NODE_LABEL} {ns: row.ns, id: row.from})
MATCH (b:${NODE_LABEL} {ns: row.ns, id: row.to})
CREATE (a)-[e:${relTypeOf(kinds, kind)}]->(b)
SET e = row`,
    params: { rows },
  };
}
