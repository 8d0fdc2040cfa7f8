import { DOC_LABEL, int, type Statement } from "./statement.js";
import { FULLTEXT_INDEX } from "./schema.js";
import { luceneQuery, scopeToken } from "./lucene.js";

/**
 * The TextIndex lives in the same database as the graph, as one :HgDoc per (ns, id) under a
 * full-text index. Documents are separate from :HgNode because the port lets text be indexed
 * before (or without) its graph node; erase-by-source removes both in one transaction.
 */
export function upsertDocs(rows: readonly { ns: string; id: string; kind: string; text: string }[]): Statement {
  return {
    text: `UNWIND $rows AS row
MERGE (d:${DOC_LABEL} {ns: row.ns, id: row.id})
SET d.kind = row.kind, d.text = row.text, d.scope = row.scope`,
    params: { rows: rows.map((r) => ({ ns: r.ns, id: r.id, kind: r.kind, text: r.text.normalize("NFC"), scope: scopeToken(r.ns) })) },
  };
}

export function deleteDocs(ns: string, ids: readonly string[]): Statement {
  return {
    text: `UNWIND $ids AS id
MATCH (d:${DOC_LABEL} {ns: $ns, id: id})
DELETE d`,
    params: { ns, ids: [...new Set(ids)] },
  };
}

/**
 * BM25 search through Neo4j's full-text (Lucene) index. The Lucene query is itself a parameter,
 * built from quoted terms only; the namespace is checked again in Cypher, exactly.
 */
export function searchDocs(q: { ns: string; query: string; k: number; kinds?: readonly string[] }): Statement | undefined {
  const lucene = luceneQuery(q.ns, q.query);
  if (lucene === undefined || q.k <= 0) return undefined;
  return {
    text: `CALL db.index.fulltext.queryNodes($index, $lucene) YIELD node, score
WHERE node.ns = $ns AND ($kinds IS NULL OR node.kind IN $kinds)
RETURN node.id AS id, score
ORDER BY score DESC, id
LIMIT $k`,
    params: { index: FULLTEXT_INDEX, lucene, ns: q.ns, kinds: q.kinds ? [...q.kinds] : null, k: int(q.k) },
  };
}
