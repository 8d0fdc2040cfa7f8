import type { ScoredId } from "../../ports/vector-store.js";
import type { TextDoc, TextQuery } from "../../ports/text-index.js";
import { DocRows } from "./doc-rows.js";
import type { SqliteDb } from "./open-database.js";
import type { TextTables } from "./text-tables.js";

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

  abstract search(q: TextQuery): ScoredId[];
  abstract reset(): void;
  protected abstract insertRow(doc: TextDoc, rid: number): void;
  /** Only called for a rid of `ns` that `docs` holds, so its FTS5 row exists. */
  protected abstract deleteRow(ns: string, rid: number): void;
  /** A namespace gained or lost a document: keep any cached count in step. */
  protected abstract counted(ns: string, delta: number): void;
}
