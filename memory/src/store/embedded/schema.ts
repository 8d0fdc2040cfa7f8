/**
 * The embedded store's SQLite schema. One file holds the graph, its history, the FTS5 text index
 * and the vectors, so one transaction can commit all of them together.
 *
 * Rows are addressed internally by INTEGER `rid`s (cheap joins, FTS5 rowids, ANN keys); the public
 * identity is always (ns, id). Times are epoch milliseconds; NULL means "open".
 */
export const SCHEMA_VERSION = 3;

/**
 * Versions this build opens. None is migrated, because the contentless FTS5 index cannot be
 * rebuilt: that would need the indexed text, which it does not keep; `nodes` does not have it
 * either (the Memory facade indexes a node's text with its speaker and, for a reply, the question it
 * answers, and the TextIndex port also indexes free-standing documents), and a read-only open could
 * not rebuild at all. So each file keeps the text index it was built with:
 *
 * - 1: one FTS5 table `fts` shared by all namespaces, unstemmed.
 * - 2: the same with `porter`, which stems index and query terms ("pets" finds "pet"). A version-1
 *   index stays self-consistent: MATCH tokenizes queries with the table's own tokenizer, and the
 *   common-term lookup reads that tokenizer from the definition too.
 * - 3: one FTS5 table per namespace (`fts_spaces`, see fts-spaces.ts). In a shared table bm25()
 *   takes document counts, term frequencies and lengths from every namespace, so one tenant's
 *   documents moved another's ranking; per table, a namespace's scores depend on its data alone.
 *
 * Versions 1 and 2 are read and written through their shared table (SharedTextIndex), with its
 * global statistics; version 3 through NamespaceTextIndex.
 */
export const READABLE_SCHEMA_VERSIONS: readonly number[] = [1, 2, SCHEMA_VERSION];

/** The FTS5 tokenizer of version-1 files, for tests that build one. */
export const FTS_TOKENIZE_V1 = "unicode61 remove_diacritics 2";
export const FTS_TOKENIZE = "porter unicode61 remove_diacritics 2";

/** "HPGR": lets us recognise our files (and refuse anyone else's) before touching them. */
export const APPLICATION_ID = 0x48504752;

/** The tables every version has. */
const COMMON_SQL = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE nodes (
  rid INTEGER PRIMARY KEY,
  ns TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL,
  text TEXT, attrs TEXT NOT NULL,
  source_id TEXT NOT NULL, source_type TEXT NOT NULL, trust REAL NOT NULL,
  at INTEGER, valid_from INTEGER, valid_to INTEGER, recorded_at INTEGER NOT NULL, expired_at INTEGER,
  version INTEGER NOT NULL,
  UNIQUE (ns, id)
);
CREATE INDEX nodes_by_kind ON nodes (ns, kind, id);
CREATE INDEX nodes_by_source ON nodes (ns, source_id);
CREATE INDEX nodes_by_time ON nodes (ns, at);

CREATE TABLE edges (
  rid INTEGER PRIMARY KEY,
  ns TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL,
  from_id TEXT NOT NULL, to_id TEXT NOT NULL, weight REAL NOT NULL, attrs TEXT NOT NULL,
  source_id TEXT NOT NULL, source_type TEXT NOT NULL, trust REAL NOT NULL,
  valid_from INTEGER, valid_to INTEGER, recorded_at INTEGER NOT NULL, expired_at INTEGER,
  UNIQUE (ns, id)
);
CREATE INDEX edges_by_from ON edges (ns, from_id);
CREATE INDEX edges_by_to ON edges (ns, to_id);
CREATE INDEX edges_by_kind ON edges (ns, kind, id);
CREATE INDEX edges_by_source ON edges (ns, source_id);

CREATE TABLE history (
  ns TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL,
  op TEXT NOT NULL, actor TEXT NOT NULL, reason TEXT NOT NULL, at INTEGER NOT NULL,
  source_id TEXT NOT NULL, snapshot TEXT NOT NULL,
  PRIMARY KEY (ns, id, version)
) WITHOUT ROWID;
CREATE INDEX history_by_source ON history (ns, source_id);

CREATE TABLE docs (
  rid INTEGER PRIMARY KEY,
  ns TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL,
  UNIQUE (ns, id)
);

-- AUTOINCREMENT: a saved ANN index is keyed by rid, so a rid must never be reused.
CREATE TABLE vectors (
  rid INTEGER PRIMARY KEY AUTOINCREMENT,
  ns TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL, vec BLOB NOT NULL,
  UNIQUE (ns, id)
);
CREATE INDEX vectors_by_kind ON vectors (ns, kind, rid);
`;

/**
 * Version 3's registry of per-namespace FTS5 tables: namespace `ns` is indexed in `fts_<n>`. The
 * integer, never the namespace itself, names the table, so user text never becomes an identifier.
 * The tables are created on a namespace's first indexed document (fts-spaces.ts).
 */
const SPACES_SQL = `
CREATE TABLE fts_spaces (ns TEXT PRIMARY KEY, n INTEGER NOT NULL UNIQUE);
`;

/**
 * Which namespaces each write transaction changed, for other connections' caches (change-log.ts).
 * Part of a new file's schema; older files get it on their first writable open (IF NOT EXISTS).
 */
export const CHANGE_LOG_SQL = `
CREATE TABLE IF NOT EXISTS ns_changes (ns TEXT PRIMARY KEY, seq INTEGER NOT NULL, rewrote INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS ns_changes_by_seq ON ns_changes (seq);
-- Vectors each change removed, so other connections drop them from their loaded HNSW partitions.
CREATE TABLE IF NOT EXISTS vector_removals (seq INTEGER NOT NULL, ns TEXT NOT NULL, kind TEXT NOT NULL, rid INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS vector_removals_by_seq ON vector_removals (seq);
-- Edges each change rewrote (updated, invalidated or deleted), so other connections re-read those alone,
-- and every change of a build that names them (complete = 0: it rewrote too many to list). A change
-- missing here was made by an earlier build, which named nothing.
CREATE TABLE IF NOT EXISTS edge_rewrites (seq INTEGER NOT NULL, ns TEXT NOT NULL, id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS edge_rewrites_by_seq ON edge_rewrites (seq);
CREATE TABLE IF NOT EXISTS naming_changes (seq INTEGER PRIMARY KEY, complete INTEGER NOT NULL);
`;

/** A new file: version 3, with the change log (change-log.ts), which older files get on their first writable open. */
export const SCHEMA_SQL = COMMON_SQL + SPACES_SQL + CHANGE_LOG_SQL;

/**
 * The schema versions 1 and 2 created (they differ only in the tokenizer), for tests that build
 * such files. Their one shared FTS5 table scopes rows by a `scope` column instead of by table.
 */
export function legacySchemaSql(version: 1 | 2): string {
  const tokenize = version === 1 ? FTS_TOKENIZE_V1 : FTS_TOKENIZE;
  return COMMON_SQL + `
-- Contentless: the text lives in nodes; FTS5 keeps only the inverted index and BM25 statistics.
-- ns and kind are stored as single opaque tokens so a MATCH can scope by them exactly. Porter
-- stems those hex tokens too (at most a final "e"), alike at index and query time; the last byte
-- of UTF-8 never reads "ed", so no two namespaces or kinds stem to the same token.
CREATE VIRTUAL TABLE fts USING fts5 (
  scope, kind, body,
  content = '', contentless_delete = 1,
  tokenize = '${tokenize}'
);

-- Document frequency per term, for dropping near-ubiquitous query terms before BM25 scores them.
CREATE VIRTUAL TABLE fts_terms USING fts5vocab (fts, row);
`;
}
