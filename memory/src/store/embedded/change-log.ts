import type { SqliteDb } from "./open-database.js";
import type { VectorChange } from "./vector-tables.js";
import { CHANGE_LOG_SQL } from "./schema.js";

/** Vector removals are kept for this many changes. */
const KEPT_CHANGES = 10_000;

/** What other connections changed in a namespace since this one last looked. */
export interface NamespaceChange {
  ns: string;
  /** Whether a change rewrote edges (updated, invalidated or deleted existing ones). */
  rewrote: boolean;
  /** The vectors changes removed (as far as the log keeps them). */
  removedVectors: readonly { kind: string; rid: number }[];
}

/**
 * Which namespaces each write transaction changed, numbered in commit order, and the last change
 * of each that rewrote edges (updated, invalidated or deleted existing ones, rather than only
 * inserting): when another connection has committed to the file (PRAGMA data_version moved), a
 * store asks which namespaces it changed and brings the caches of those alone up to date, instead
 * of rebuilding every namespace's adjacency and vector partitions; an adjacency takes inserted
 * edges in place, and only a rewrite makes it read its namespace again. The vectors a change removed
 * are logged too (the last KEPT_CHANGES changes' worth), for loaded HNSW partitions to drop.
 * Where the log cannot say (a commit that logged nothing: a schema change, or a process of an
 * older build), `changedSince` answers undefined and the store rebuilds everything.
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
          since: db.prepare("SELECT ns, seq, rewrote FROM ns_changes WHERE seq > ? ORDER BY seq"),
          mark: db.prepare(`INSERT INTO ns_changes (ns, seq, rewrote) VALUES (@ns, @seq, @rewrote)
            ON CONFLICT (ns) DO UPDATE SET seq = excluded.seq, rewrote = max(rewrote, excluded.rewrote)`),
          remove: db.prepare("INSERT INTO vector_removals (seq, ns, kind, rid) VALUES (?, ?, ?, ?)"),
          removedSince: db.prepare("SELECT ns, kind, rid FROM vector_removals WHERE seq > ? ORDER BY seq"),
          prune: db.prepare("DELETE FROM vector_removals WHERE seq <= ?"),
        }
      : undefined;
    this.seen = this.latest();
  }

  /**
   * Inside a write transaction, after the store caught up with every earlier commit: logs
   * `namespaces` as changed by it. Returns the change's number, for `saw` once it commits (a
   * rolled-back number is reused by the next commit, which must not count as seen).
   */
  record(namespaces: Iterable<string>, rewrote: ReadonlySet<string>, vectors: readonly VectorChange[] = []): number {
    const removed = vectors.filter((v) => v.vector === undefined);
    const changed = new Set([...namespaces, ...rewrote, ...removed.map((v) => v.ns)]);
    // A write that names no namespace takes no number: one it took but logged no row under would be
    // taken again by the next commit elsewhere, which this connection would then count as seen.
    if (!this.s || changed.size === 0) return 0;
    const seq = this.latest() + 1;
    for (const ns of changed) this.s.mark.run({ ns, seq, rewrote: rewrote.has(ns) ? seq : 0 });
    for (const v of removed) this.s.remove.run(seq, v.ns, v.kind, v.rid);
    // A connection further behind finds its partitions' sizes off and reloads them instead.
    if (removed.length > 0) this.s.prune.run(seq - KEPT_CHANGES);
    return seq;
  }

  /**
   * The namespaces changed since the caches were last brought up to date, each saying whether a
   * change since rewrote edges, and the change they run `through`, to pass to `saw` once they are
   * applied; undefined: take everything as changed.
   */
  changedSince(): { namespaces: NamespaceChange[]; through: number } | undefined {
    if (!this.s) return undefined;
    const seen = this.seen;
    const rows = this.s.since.all(seen) as { ns: string; seq: number; rewrote: number }[];
    if (rows.length === 0) return undefined;
    const removed = new Map<string, { kind: string; rid: number }[]>();
    for (const r of this.s.removedSince.all(seen) as { ns: string; kind: string; rid: number }[]) {
      let list = removed.get(r.ns);
      if (!list) removed.set(r.ns, (list = []));
      list.push({ kind: r.kind, rid: r.rid });
    }
    return { namespaces: rows.map((r) => ({ ns: r.ns, rewrote: r.rewrote > seen, removedVectors: removed.get(r.ns) ?? [] })), through: rows.at(-1)!.seq };
  }

  /** The changes through `seq` are reflected in the caches: applied from `changedSince`, or this connection's own, committed. */
  saw(seq: number): void {
    this.seen = Math.max(this.seen, seq);
  }

  /** After a full rebuild: everything logged so far is reflected. */
  catchUp(): void {
    this.seen = this.latest();
  }

  private latest(): number {
    return this.s ? (this.s.latest.get() as number) : 0;
  }
}
