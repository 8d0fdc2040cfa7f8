/**
 * The embedded store's SQLite schema. One file holds the graph, its history, the FTS5 text index
 * and the vectors, so one transaction can commit all of them together.
 *
 * Rows are addressed internally by INTEGER `rid`s (cheap joins, FTS5 rowids, ANN keys); the public
 * identity is always (ns, id). Times are epoch milliseconds; NULL means "open".
 */
export const SCHEMA_VERSION = 2;

/**
 * Versions this build opens. Version 2 differs from 1 only in the FTS5 tokenizer: `porter` stems
 * index and query terms ("pets" finds "pet", "meeting" finds "meet"). A version-1 file is read as
 * it is, not migrated: FTS5 keeps a table's tokenizer in its definition, so its unstemmed index
 * stays self-consistent (MATCH tokenizes queries with the table's own tokenizer, and the
 * common-term lookup reads that tokenizer from the definition too). Rebuilding it would need the
 * indexed text, which the contentless index does not keep; `nodes` has it only for documents the
 * Memory facade indexed from nodes (the TextIndex port also indexes free-standing documents, and
 * `reembed: false` leaves a node's indexed text behind its current text), and a read-only open
 * could not rebuild at all. So a version-1 file keeps working, unstemmed; a new file gets stemming.
 */
export const READABLE_SCHEMA_VERSIONS: readonly number[] = [1, SCHEMA_VERSION];

/** The FTS5 tokenizer of version-1 files, for tests that build one. */
export const FTS_TOKENIZE_V1 = "unicode61 remove_diacritics 2";
export const FTS_TOKENIZE = "porter unicode61 remove_diacritics 2";

/** "HPGR": lets us recognise our files (and refuse anyone else's) before touching them. */
export const APPLICATION_ID = 0x48504752;

export const SCHEMA_SQL = `
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
-- Contentless: the text lives in nodes; FTS5 keeps only the inverted index and BM25 statistics.
-- ns and kind are stored as single opaque tokens so a MATCH can scope by them exactly. Porter
-- stems those hex tokens too (at most a final "e"), alike at index and query time; the last byte
-- of UTF-8 never reads "ed", so no two namespaces or kinds stem to the same token.
CREATE VIRTUAL TABLE fts USING fts5 (
  scope, kind, body,
  content = '', contentless_delete = 1,
  tokenize = '${FTS_TOKENIZE}'
);

-- Document frequency per term, for dropping near-ubiquitous query terms before BM25 scores them.
CREATE VIRTUAL TABLE fts_terms USING fts5vocab (fts, row);

-- AUTOINCREMENT: a saved ANN index is keyed by rid, so a rid must never be reused.
CREATE TABLE vectors (
  rid INTEGER PRIMARY KEY AUTOINCREMENT,
  ns TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL, vec BLOB NOT NULL,
  UNIQUE (ns, id)
);
CREATE INDEX vectors_by_kind ON vectors (ns, kind, rid);
`;
