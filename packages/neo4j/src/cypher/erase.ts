import { DOC_LABEL, NODE_LABEL, VERSION_LABEL, type Statement } from "./statement.js";

/**
 * Erase-by-source, as a sequence run in ONE write transaction by the store (see erase-source.ts).
 * Each statement is namespace-scoped; ids and the source id travel as parameters.
 */
export function nodesOfSource(ns: string, sourceId: string): Statement {
  return {
    text: `MATCH (n:${NODE_LABEL} {ns: $ns, source_id: $sourceId})
RETURN n.id AS id
ORDER BY id`,
    params: { ns, sourceId },
  };
}

/** Edges carrying the source or touching an erased node. */
export function deleteSourceEdges(ns: string, sourceId: string, ids: readonly string[]): Statement {
  return {
    text: `MATCH (a:${NODE_LABEL} {ns: $ns})-[e]->(b:${NODE_LABEL})
WHERE e.ns = $ns AND (e.source_id = $sourceId OR a.id IN $ids OR b.id IN $ids)
DELETE e
RETURN count(*) AS deleted`,
    params: { ns, sourceId, ids },
  };
}

/** Every edge touching the given nodes (a node about to go whole). */
export function deleteEdgesOf(ns: string, ids: readonly string[]): Statement {
  return {
    text: `UNWIND $ids AS id
MATCH (n:${NODE_LABEL} {ns: $ns, id: id})-[e]-()
WITH DISTINCT e
DELETE e
RETURN count(*) AS deleted`,
    params: { ns, ids },
  };
}

/** Removes nodes, their text documents and their whole history; returns the versions removed. */
export function deleteNodes(ns: string, ids: readonly string[]): Statement {
  return {
    text: `UNWIND $ids AS id
OPTIONAL MATCH (n:${NODE_LABEL} {ns: $ns, id: id})
OPTIONAL MATCH (d:${DOC_LABEL} {ns: $ns, id: id})
DETACH DELETE n, d
WITH DISTINCT id
OPTIONAL MATCH (v:${VERSION_LABEL} {ns: $ns, id: id})
DELETE v
RETURN count(v) AS versions`,
    params: { ns, ids },
  };
}

/** Versions authored by the source on nodes that survive: deleted, their node ids returned. */
export function deleteSourceVersions(ns: string, sourceId: string): Statement {
  return {
    text: `MATCH (v:${VERSION_LABEL} {ns: $ns, source_id: $sourceId})
WITH v, v.id AS id
DELETE v
RETURN id, count(*) AS versions`,
    params: { ns, sourceId },
  };
}

/** The text document of a node, if it has one (a restored node's document is re-indexed). */
export function docOf(ns: string, id: string): Statement {
  return {
    text: `MATCH (d:${DOC_LABEL} {ns: $ns, id: $id})
RETURN d.kind AS kind`,
    params: { ns, id },
  };
}
