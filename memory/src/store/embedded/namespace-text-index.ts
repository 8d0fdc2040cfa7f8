import type Database from "better-sqlite3";
import { StorageError } from "../../errors.js";
import type { ScoredId } from "../../ports/vector-store.js";
import type { TextDoc, TextQuery } from "../../ports/text-index.js";
import { informativeTerms } from "./common-terms.js";
import { indexableText, kindToken, matchExpression, queryTerms } from "./fts-query.js";
import { FtsSpaces, ftsTable, ftsTermsTable } from "./fts-spaces.js";
import { ftsTokenizer, tableTokenize, type FtsTokenizer } from "./fts-tokens.js";
import { docsWith, FtsTextIndex } from "./fts-text-index.js";
import type { SqliteDb } from "./open-database.js";

type Statement = Database.Statement;

/** The prepared statements of one namespace's FTS5 table. */
interface SpaceStatements {
  insert: Statement;
  delete: Statement;
  termDocs: Statement;
  search: Statement;
  tokenizer?: FtsTokenizer;
}

/**
 * The text index of schema version 3: each namespace in its own FTS5 table `fts_<n>` (kind, body),
 * so bm25() and the common-term pruning see that namespace's statistics alone: another tenant's
 * documents can change neither its scores nor which of its query terms count as common.
 */
export class NamespaceTextIndex extends FtsTextIndex {
  private readonly spaces: FtsSpaces;
  /**
   * Per table number, kept across reset(): their SQL depends on the number alone, and a number is
   * only looked up through the registry, so a statement is only run once its table exists again
   * (SQLite re-prepares a statement whose table was rolled back and re-created).
   */
  private readonly tables = new Map<number, SpaceStatements>();
  /** Documents per namespace, a cache of `docs` for the common-term thresholds. */
  private readonly nsDocs = new Map<string, number>();

  constructor(db: SqliteDb) {
    super(db);
    this.spaces = new FtsSpaces(db);
  }

  protected insertRow(d: TextDoc, rid: number): void {
    this.table(this.spaces.ensure(d.ns)).insert.run(rid, kindToken(d.kind), indexableText(d.text));
  }

  protected deleteRow(ns: string, rid: number): void {
    const n = this.spaces.find(ns);
    // A document of `ns` exists, so its table does: a miss means the registry and `docs` disagree.
    if (n === undefined) throw new StorageError(`namespace ${JSON.stringify(ns)} has documents but no full-text table`);
    this.table(n).delete.run(rid);
  }

  reset(): void {
    this.spaces.reset();
    this.nsDocs.clear();
  }

  search(q: TextQuery): ScoredId[] {
    if (q.k <= 0) return [];
    const n = this.spaces.find(q.ns);
    if (n === undefined) return [];
    const table = this.table(n);
    const docs = this.docCount(q.ns);
    const terms = informativeTerms(queryTerms(q.query), {
      nsDocs: docs,
      tableDocs: docs,
      // The tokenizer the table was created with, read from its definition.
      tokenizer: () => (table.tokenizer ??= ftsTokenizer(tableTokenize(this.db, ftsTable(n)))),
      docsWith: docsWith(table.termDocs),
    });
    const expression = matchExpression(terms, { kinds: q.kinds });
    if (expression === undefined) return [];
    return this.ranked(table.search, expression, q.k);
  }

  /** Prepared once per table and kept: a query must not pay for preparing its statement. */
  private table(n: number): SpaceStatements {
    let s = this.tables.get(n);
    if (s) return s;
    const fts = ftsTable(n);
    s = {
      insert: this.db.prepare(`INSERT INTO ${fts} (rowid, kind, body) VALUES (?, ?, ?)`),
      delete: this.db.prepare(`DELETE FROM ${fts} WHERE rowid = ?`),
      termDocs: this.db.prepare(`SELECT doc FROM ${ftsTermsTable(n)} WHERE term = ?`).pluck(),
      search: this.prepareSearch(fts, "0.0, 1.0"), // kind filters, body counts
    };
    // Bounded like the registry cache: a store may serve many namespaces.
    if (this.tables.size >= MAX_CACHED_TABLES) this.tables.delete(this.tables.keys().next().value!);
    this.tables.set(n, s);
    return s;
  }

  private docCount(ns: string): number {
    let n = this.nsDocs.get(ns);
    if (n === undefined) {
      n = this.docs.count(ns);
      if (this.nsDocs.size >= MAX_CACHED_TABLES) this.nsDocs.clear();
      this.nsDocs.set(ns, n);
    }
    return n;
  }

  protected counted(ns: string, delta: number): void {
    const n = this.nsDocs.get(ns);
    if (n !== undefined) this.nsDocs.set(ns, n + delta);
  }
}

const MAX_CACHED_TABLES = 1024;
