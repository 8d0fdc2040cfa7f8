import type { SqliteDb } from "./open-database.js";

/** Created in new files and added to older ones on their first writable open. */
export const CHANGE_LOG_SQL = `
CREATE TABLE IF NOT EXISTS ns_changes (ns TEXT PRIMARY KEY, seq INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS ns_changes_by_seq ON ns_changes (seq);
`;

/**
 * Which namespaces each write transaction changed, numbered in commit order: when another
 * connection has committed to the file (PRAGMA data_version moved), a store asks which namespaces
 * it changed and rebuilds the caches of those alone, instead of every namespace's adjacency and
 * vector partitions. Where the log cannot say (a commit that logged nothing: a schema change, or a
 * process of an older build), `changedSince` answers undefined and the store rebuilds everything.
 */
export class ChangeLog {
  private readonly s;
  /** The newest change this connection's caches reflect. */
  private seen: number;

  constructor(db: SqliteDb) {
    const present = () => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ns_changes'").get() !== undefined;
    if (!present() && !db.readonly) db.transaction(() => db.exec(CHANGE_LOG_SQL)).immediate();
    this.s = present()
      ? {
          latest: db.prepare("SELECT coalesce(max(seq), 0) FROM ns_changes").pluck(),
          since: db.prepare("SELECT ns, seq FROM ns_changes WHERE seq > ? ORDER BY seq"),
          mark: db.prepare("INSERT INTO ns_changes (ns, seq) VALUES (?, ?) ON CONFLICT (ns) DO UPDATE SET seq = excluded.seq"),
        }
      : undefined;
    this.seen = this.latest();
  }

  /**
   * Inside a write transaction, after the store caught up with every earlier commit: logs
   * `namespaces` as changed by it. Returns the change's number, for `committed` once it commits
   * (a rolled-back number is reused by the next commit, which must not count as seen).
   */
  record(namespaces: Iterable<string>): number {
    if (!this.s) return 0;
    const seq = this.latest() + 1;
    for (const ns of new Set(namespaces)) this.s.mark.run(ns, seq);
    return seq;
  }

  /** The change `record` numbered has committed: this connection's caches reflect it. */
  committed(seq: number): void {
    this.seen = Math.max(this.seen, seq);
  }

  /** The namespaces changed since the caches were last brought up to date, and now counted as seen; undefined: take everything as changed. */
  changedSince(): string[] | undefined {
    if (!this.s) return undefined;
    const rows = this.s.since.all(this.seen) as { ns: string; seq: number }[];
    if (rows.length === 0) return undefined;
    this.seen = rows.at(-1)!.seq;
    return rows.map((r) => r.ns);
  }

  /** After a full rebuild: everything logged so far is reflected. */
  catchUp(): void {
    this.seen = this.latest();
  }

  private latest(): number {
    return this.s ? (this.s.latest.get() as number) : 0;
  }
}
