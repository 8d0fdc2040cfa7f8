import type { SqliteDb } from "./open-database.js";

/**
 * The `docs` table, which both text index layouts share: it maps a document's (ns, id) to the rid
 * that is its FTS5 rowid, so FTS5 itself needs to keep no identity.
 */
export class DocRows {
  private readonly s;

  constructor(db: SqliteDb) {
    this.s = {
      rid: db.prepare("SELECT rid FROM docs WHERE ns = ? AND id = ?").pluck(),
      insert: db.prepare("INSERT INTO docs (ns, id, kind) VALUES (?, ?, ?) RETURNING rid").pluck(),
      setKind: db.prepare("UPDATE docs SET kind = ? WHERE rid = ?"),
      delete: db.prepare("DELETE FROM docs WHERE rid = ?"),
      count: db.prepare("SELECT count(*) FROM docs WHERE ns = ?").pluck(),
      countByNs: db.prepare("SELECT ns, count(*) AS n FROM docs GROUP BY ns"),
    };
  }

  rid(ns: string, id: string): number | undefined {
    return this.s.rid.get(ns, id) as number | undefined;
  }

  insert(ns: string, id: string, kind: string): number {
    return this.s.insert.get(ns, id, kind) as number;
  }

  setKind(rid: number, kind: string): void {
    this.s.setKind.run(kind, rid);
  }

  delete(rid: number): void {
    this.s.delete.run(rid);
  }

  count(ns: string): number {
    return this.s.count.get(ns) as number;
  }

  countByNs(): Map<string, number> {
    return new Map((this.s.countByNs.all() as { ns: string; n: number }[]).map((r) => [r.ns, r.n]));
  }
}
