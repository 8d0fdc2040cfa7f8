import type Database from "better-sqlite3";
import type { ScoredId } from "../../ports/vector-store.js";
import type { TextDoc, TextQuery } from "../../ports/text-index.js";
import { DocRows } from "./doc-rows.js";
import type { SqliteDb } from "./open-database.js";
import type { TextTables } from "./text-tables.js";

/**
 * Documents containing a token, from an fts5vocab `row` table's `SELECT doc … WHERE term = ?`: one
 * equality lookup per token, since fts5vocab seeks on `term = ?` while an IN list would scan it.
 */
export const docsWith = (termDocs: Database.Statement) => (token: string): number => (termDocs.get(token) as number | undefined) ?? 0;

/**
 * What both FTS5 layouts share: the `docs` rows that give each (ns, id) its rid, kept in step with
 * the FTS5 row of that rid. A layout says only where a row goes and how a namespace's count moves.
 */
export abstract class FtsTextIndex implements TextTables {
  protected readonly docs: DocRows;

  constructor(protected readonly db: SqliteDb) {
    this.docs = new DocRows(db);
  }

  applyIndex(docs: readonly TextDoc[]): void {
    for (const d of docs) {
      let rid = this.docs.rid(d.ns, d.id);
      if (rid !== undefined) {
        this.deleteRow(d.ns, rid);
        this.docs.setKind(rid, d.kind);
      } else {
        rid = this.docs.insert(d.ns, d.id, d.kind);
        this.counted(d.ns, +1);
      }
      this.insertRow(d, rid);
    }
  }

  applyDelete(ns: string, ids: readonly string[]): void {
    for (const id of ids) {
      const rid = this.docs.rid(ns, id);
      if (rid === undefined) continue;
      this.deleteRow(ns, rid);
      this.docs.delete(rid);
      this.counted(ns, -1);
    }
  }

  has(ns: string, id: string): boolean {
    return this.docs.rid(ns, id) !== undefined;
  }

  /**
   * The ranked search over FTS5 table `table` (parameters: a MATCH expression, a limit), bm25()
   * weighted per column by `weights` ("0.0, 1.0": a column that only filters weighs nothing).
   */
  protected prepareSearch(table: string, weights: string): Database.Statement {
    return this.db.prepare(`SELECT d.id AS id, f.s AS s FROM
      (SELECT rowid, bm25(${table}, ${weights}) AS s FROM ${table} WHERE ${table} MATCH ? ORDER BY s LIMIT ?) AS f
      JOIN docs d ON d.rid = f.rowid ORDER BY f.s`);
  }

  /** Runs a statement from prepareSearch. FTS5's bm25() is negated so that ascending order ranks best first; flipped back here. */
  protected ranked(search: Database.Statement, expression: string, k: number): ScoredId[] {
    return (search.all(expression, k) as { id: string; s: number }[]).map((r) => ({ id: r.id, score: -r.s }));
  }

  abstract search(q: TextQuery): ScoredId[];
  abstract reset(): void;
  protected abstract insertRow(doc: TextDoc, rid: number): void;
  /** Only called for a rid of `ns` that `docs` holds, so its FTS5 row exists. */
  protected abstract deleteRow(ns: string, rid: number): void;
  /** A namespace gained or lost a document: keep any cached count in step. */
  protected abstract counted(ns: string, delta: number): void;
}
