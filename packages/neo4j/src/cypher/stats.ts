import { int, DOC_LABEL, NODE_LABEL, VERSION_LABEL, type Statement } from "./statement.js";

export function nodeCounts(ns: string | null): Statement {
  return {
    text: `MATCH (n:${NODE_LABEL})
WHERE $ns IS NULL OR n.ns = $ns
RETURN n.kind AS kind, count(*) AS count
ORDER BY kind`,
    params: { ns },
  };
}

export function edgeCounts(ns: string | null): Statement {
  return {
    text: `MATCH (:${NODE_LABEL})-[e]->(:${NODE_LABEL})
WHERE $ns IS NULL OR e.ns = $ns
RETURN e.kind AS kind, count(*) AS count
ORDER BY kind`,
    params: { ns },
  };
}

export function namespaceCount(ns: string | null): Statement {
  return {
    text: `MATCH (n:${NODE_LABEL})
WHERE $ns IS NULL OR n.ns = $ns
RETURN count(DISTINCT n.ns) AS namespaces`,
    params: { ns },
  };
}

export function listNamespaces(): Statement {
  return {
    text: `MATCH (n:${NODE_LABEL})
RETURN DISTINCT n.ns AS ns
ORDER BY ns`,
    params: {},
  };
}

/** Removes every Hippograph node, version and document (tests and `--reset` only), in batches. */
export function dropAll(batch: number): Statement {
  return {
    text: `MATCH (n)
WHERE n:${NODE_LABEL} OR n:${VERSION_LABEL} OR n:${DOC_LABEL}
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(*) AS deleted`,
    params: { batch: int(Math.max(1, batch)) },
  };
}
