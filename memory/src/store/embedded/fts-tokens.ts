import Database from "better-sqlite3";
import { StorageError } from "../../errors.js";
import type { SqliteDb } from "./open-database.js";

/**
 * FTS5's own tokenizer, asked directly: the tokens (stems, under `porter`) that a table with the
 * given `tokenize` option stores for a word. The document-frequency lookup in a table's fts5vocab
 * `row` table needs exactly these, and SQLite exposes no tokenize() function, so a private in-memory
 * FTS5 table with the same option tokenizes the words and its fts5vocab `instance` table reads the
 * tokens back.
 * Asking SQLite rather than a JavaScript Porter stemmer cannot drift from what the index holds
 * (FTS5's porter, its length limits, unicode61 folding and diacritic removal), and it follows each
 * file's own tokenizer, so a version-1 (unstemmed) file gets unstemmed lookups.
 *
 * Cost: one rolled-back insert per query with uncached words, under 0.1 ms for eight words; words
 * are cached, so a steady query stream mostly costs a Map lookup (about 1 µs a query).
 */
export class FtsTokenizer {
  private readonly db: SqliteDb;
  private readonly s;
  private readonly cache = new Map<string, readonly string[]>();

  constructor(tokenize: string) {
    this.db = new Database(":memory:");
    const quoted = `'${tokenize.replaceAll("'", "''")}'`;
    // Contentless: the probe rows are never read back, only their tokens.
    this.db.exec(`CREATE VIRTUAL TABLE probe USING fts5 (body, content = '', tokenize = ${quoted});
      CREATE VIRTUAL TABLE probe_tokens USING fts5vocab (probe, instance);`);
    this.s = {
      begin: this.db.prepare("BEGIN"),
      rollback: this.db.prepare("ROLLBACK"),
      insert: this.db.prepare("INSERT INTO probe (rowid, body) VALUES (?, ?)"),
      // Unordered (fts5vocab yields term order); sorted by (doc, offset) here, which is cheaper.
      tokens: this.db.prepare("SELECT doc, offset, term FROM probe_tokens"),
    };
  }

  /** The tokens each word indexes as, in order; a word of punctuation alone yields none. */
  tokens(words: readonly string[]): (readonly string[])[] {
    const missing = [...new Set(words.filter((w) => !this.cache.has(w)))];
    if (missing.length > 0) this.learn(missing);
    return words.map((w) => this.cache.get(w)!);
  }

  private learn(words: readonly string[]): void {
    let rows: { doc: number; offset: number; term: string }[];
    // Rolled back, not deleted: the probe table stays empty and never grows (and it is faster).
    this.s.begin.run();
    try {
      words.forEach((w, i) => this.s.insert.run(i + 1, w));
      rows = this.s.tokens.all() as typeof rows;
    } finally {
      this.s.rollback.run();
    }
    rows.sort((a, b) => a.doc - b.doc || a.offset - b.offset);
    const found = words.map((): string[] => []);
    for (const r of rows) found[r.doc - 1]!.push(r.term);
    // Bounded: query words are user text, so an unbounded cache would grow for the life of the process.
    if (this.cache.size + words.length > MAX_CACHED_WORDS) this.cache.clear();
    words.forEach((w, i) => this.cache.set(w, found[i]!));
  }
}

const MAX_CACHED_WORDS = 50_000;

/** One tokenizer per `tokenize` option, shared by every store in the process. */
const tokenizers = new Map<string, FtsTokenizer>();

export function ftsTokenizer(tokenize: string): FtsTokenizer {
  let t = tokenizers.get(tokenize);
  if (!t) tokenizers.set(tokenize, (t = new FtsTokenizer(tokenize)));
  return t;
}

/** The `tokenize` option an existing FTS5 table was created with, read from its definition. */
export function tableTokenize(db: SqliteDb, table: string): string {
  const sql = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table) as string | undefined;
  if (sql === undefined) throw new StorageError(`the database has no FTS5 table "${table}"`);
  const match = /tokenize\s*=\s*'((?:[^']|'')*)'/i.exec(sql);
  // FTS5's default when a table names no tokenizer.
  return match ? match[1]!.replaceAll("''", "'") : "unicode61";
}
