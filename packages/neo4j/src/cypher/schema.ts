import type { KindRegistry } from "@hippograph/memory";
import { allRelTypes, DOC_LABEL, NODE_LABEL, VERSION_LABEL, type Statement } from "./statement.js";

export const FULLTEXT_INDEX = "hg_doc_text";

/**
 * Idempotent schema setup (`IF NOT EXISTS`), safe to run on every start. Composite property
 * uniqueness is available in Neo4j 5 Community (node keys are Enterprise-only), and it also gives
 * the (ns, id) lookups their index. Relationship indexes are per type, so there is one per edge kind.
 */
export function schemaStatements(kinds: KindRegistry, options: { vectorDimensions?: number } = {}): Statement[] {
  const s = (text: string): Statement => ({ text, params: {} });
  const out = [
    s(`CREATE CONSTRAINT hg_node_identity IF NOT EXISTS FOR (n:${NODE_LABEL}) REQUIRE (n.ns, n.id) IS UNIQUE`),
    s(`CREATE CONSTRAINT hg_version_identity IF NOT EXISTS FOR (v:${VERSION_LABEL}) REQUIRE (v.ns, v.id, v.version) IS UNIQUE`),
    s(`CREATE CONSTRAINT hg_doc_identity IF NOT EXISTS FOR (d:${DOC_LABEL}) REQUIRE (d.ns, d.id) IS UNIQUE`),
    s(`CREATE INDEX hg_node_ns IF NOT EXISTS FOR (n:${NODE_LABEL}) ON (n.ns)`),
    s(`CREATE INDEX hg_node_kind IF NOT EXISTS FOR (n:${NODE_LABEL}) ON (n.ns, n.kind)`),
    s(`CREATE INDEX hg_node_source IF NOT EXISTS FOR (n:${NODE_LABEL}) ON (n.ns, n.source_id)`),
    // Event-time windows (findNodes' atRange): equality on ns, a range seek on at.
    s(`CREATE INDEX hg_node_time IF NOT EXISTS FOR (n:${NODE_LABEL}) ON (n.ns, n.at)`),
    s(`CREATE INDEX hg_version_source IF NOT EXISTS FOR (v:${VERSION_LABEL}) ON (v.ns, v.source_id)`),
    // standard-folding: Lucene's standard analyzer plus ASCII folding, so "Zürich" and "zurich" meet.
    s(`CREATE FULLTEXT INDEX ${FULLTEXT_INDEX} IF NOT EXISTS FOR (d:${DOC_LABEL}) ON EACH [d.text, d.scope] OPTIONS {indexConfig: {\`fulltext.analyzer\`: 'standard-folding'}}`),
  ];
  for (const type of allRelTypes(kinds)) {
    const name = `hg_edge_${type.toLowerCase()}`;
    out.push(s(`CREATE INDEX ${name} IF NOT EXISTS FOR ()-[e:${type}]-() ON (e.ns, e.id)`));
  }
  const dims = options.vectorDimensions;
  if (dims !== undefined) {
    if (!Number.isInteger(dims) || dims < 1 || dims > 4096) throw new RangeError(`vector dimensions must be 1..4096, got ${dims}`);
    // Optional: Neo4j 5 native vector search over node embeddings; the dimension is an integer we checked.
    out.push(s(`CREATE VECTOR INDEX hg_node_embedding IF NOT EXISTS FOR (n:${NODE_LABEL}) ON n.embedding OPTIONS {indexConfig: {\`vector.dimensions\`: ${dims}, \`vector.similarity_function\`: 'cosine'}}`));
  }
  return out;
}

/** Blocks until every index is online (a new full-text index answers nothing until then). */
export function awaitIndexes(seconds = 300): Statement {
  // The timeout is an integer literal we control; the procedure wants an INTEGER, which a JS number is not.
  return { text: `CALL db.awaitIndexes(${Math.max(1, Math.trunc(seconds))})`, params: {} };
}
