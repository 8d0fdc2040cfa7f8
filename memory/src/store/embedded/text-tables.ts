import type { ScoredId } from "../../ports/vector-store.js";
import type { TextDoc, TextQuery } from "../../ports/text-index.js";
import { indexableText, kindToken, matchExpression, scopeToken } from "./fts-query.js";
import type { SqliteDb } from "./open-database.js";

/** The FTS5 side: `docs` maps (ns, id) to the FTS rowid; FTS5 itself keeps only the inverted index. */
export class TextTables {
  private readonly s;

  constructor(private readonly db: SqliteDb) {
    this.s = {
      doc: db.prepare("SELECT rid FROM docs WHERE ns = ? AND id = ?").pluck(),
      insertDoc: db.prepare("INSERT INTO docs (ns, id, kind) VALUES (?, ?, ?) RETURNING rid").pluck(),
      updateDoc: db.prepare("UPDATE docs SET kind = ? WHERE rid = ?"),
      deleteDoc: db.prepare("DELETE FROM docs WHERE rid = ?"),
      insertFts: db.prepare("INSERT INTO fts (rowid, scope, kind, body) VALUES (?, ?, ?, ?)"),
      deleteFts: db.prepare("DELETE FROM fts WHERE rowid = ?"),
      search: db.prepare(`SELECT d.id AS id, f.s AS s FROM
        (SELECT rowid, bm25(fts, 0.0, 0.0, 1.0) AS s FROM fts WHERE fts MATCH ? ORDER BY s LIMIT ?) AS f
        JOIN docs d ON d.rid = f.rowid ORDER BY f.s`),
    };
  }

  applyIndex(docs: readonly TextDoc[]): void {
    for (const d of docs) {
      const rid = this.s.doc.get(d.ns, d.id) as number | undefined;
      if (rid !== undefined) {
        this.s.deleteFts.run(rid);
        this.s.updateDoc.run(d.kind, rid);
        this.s.insertFts.run(rid, scopeToken(d.ns), kindToken(d.kind), indexableText(d.text));
      } else {
        const fresh = this.s.insertDoc.get(d.ns, d.id, d.kind) as number;
        this.s.insertFts.run(fresh, scopeToken(d.ns), kindToken(d.kind), indexableText(d.text));
      }
    }
  }

  applyDelete(ns: string, ids: readonly string[]): void {
    for (const id of ids) {
      const rid = this.s.doc.get(ns, id) as number | undefined;
      if (rid === undefined) continue;
      this.s.deleteFts.run(rid);
      this.s.deleteDoc.run(rid);
    }
  }

  has(ns: string, id: string): boolean {
    return this.s.doc.get(ns, id) !== undefined;
  }

  search(q: TextQuery): ScoredId[] {
    const expression = matchExpression(q.ns, q.query, q.kinds);
    if (expression === undefined || q.k <= 0) return [];
    const rows = this.s.search.all(expression, q.k) as { id: string; s: number }[];
    // FTS5's bm25() is negated so that ascending order ranks best first; flip it back.
    return rows.map((r) => ({ id: r.id, score: -r.s }));
  }
}
