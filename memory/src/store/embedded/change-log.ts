import type { EdgeRef } from "./graph-tables.js";
import type { SqliteDb } from "./open-database.js";
import type { VectorChange } from "./vector-tables.js";
import { CHANGE_LOG_SQL } from "./schema.js";

/** Vector removals and edge rewrites are kept for this many changes. */
export const KEPT_CHANGES = 10_000;

/** A change that rewrote more edges than this names none: a reader reads the namespace again, cheaper by then. */
export const MAX_NAMED_EDGES = 50_000;

/** What other connections changed in a namespace since this one last looked. */
export interface NamespaceChange {
  ns: string;
  /**
   * The ids of the edges changes rewrote (updated, invalidated or deleted), to read again; empty
   * when none did; undefined when the log cannot say (it no longer holds them all, or a process of
   * an earlier build wrote since: it names nothing it rewrote, and its inserts take the largest rid
   * left + 1, which may be one this build deleted and an adjacency counts as read).
   */
  rewrittenEdges: readonly string[] | undefined;
  /** The vectors changes removed (as far as the log keeps them). */
  removedVectors: readonly { kind: string; rid: number }[];
}

/** What a write logs beyond the namespaces it changed. */
export interface LoggedChange {
  /** The edges it rewrote: updated, invalidated or deleted. */
  rewritten?: readonly EdgeRef[];
  /** Its vector changes; the removals are logged. */
  vectors?: readonly VectorChange[];
}

/**
 * Which namespaces each write transaction changed, numbered in commit order, and the last change
 * of each that rewrote edges (updated, invalidated or deleted existing ones, rather than only
 * inserting): when another connection has committed to the file (PRAGMA data_version moved), a
 * store asks which namespaces it changed and brings the caches of those alone up to date, instead
 * of rebuilding every namespace's adjacency and vector partitions. An adjacency takes the inserted
 * edges (those past the largest rid it holds) and re-reads the rewritten ones, which each change
 * names; the vectors a change removed are logged too, for loaded HNSW partitions to drop. Both lists
 * keep the last KEPT_CHANGES changes' worth. Where the log cannot say (a commit that logged nothing:
 * a schema change, or a process of a build before the log), `changedSince` answers undefined and the
 * store rebuilds everything; where a change since was made by a build before the edge list, the
 * namespaces changed are read again. This build reads the rewrites from the edge list alone; it
 * still writes the `rewrote` mark for such builds, which read their namespace again on it.
 */
export class ChangeLog {
  private readonly s;
  /** Absent in a file of an earlier build opened read-only: rewritten edges then count as unknown. */
  private readonly rewrites;
  /** The newest change this connection's caches reflect. */
  private seen: number;

  constructor(db: SqliteDb) {
    const present = (table: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
    // Files of earlier builds lack the whole log, or its edge list: both are created at the first writable open.
    if (!present("naming_changes") && !db.readonly) db.transaction(() => db.exec(CHANGE_LOG_SQL)).immediate();
    this.rewrites = present("naming_changes")
      ? {
          log: db.prepare("INSERT INTO edge_rewrites (seq, ns, id) VALUES (?, ?, ?)"),
          named: db.prepare("INSERT INTO naming_changes (seq, complete) VALUES (?, ?)"),
          since: db.prepare("SELECT ns, id FROM edge_rewrites WHERE seq > ?"),
          completeSince: db.prepare("SELECT count(*) FROM naming_changes WHERE seq > ? AND complete = 1").pluck(),
          prune: db.prepare("DELETE FROM edge_rewrites WHERE seq <= ?"),
          pruneNamed: db.prepare("DELETE FROM naming_changes WHERE seq <= ?"),
        }
      : undefined;
    this.s = present("ns_changes")
      ? {
          latest: db.prepare("SELECT coalesce(max(seq), 0) FROM ns_changes").pluck(),
          since: db.prepare("SELECT ns, seq FROM ns_changes WHERE seq > ? ORDER BY seq"),
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
  record(namespaces: Iterable<string>, { rewritten = [], vectors = [] }: LoggedChange = {}): number {
    const removed = vectors.filter((v) => v.vector === undefined);
    const rewrote = new Set(rewritten.map((e) => e.ns));
    const changed = new Set([...namespaces, ...rewrote, ...removed.map((v) => v.ns)]);
    // A write that names no namespace takes no number: one it took but logged no row under would be
    // taken again by the next commit elsewhere, which this connection would then count as seen.
    if (!this.s || changed.size === 0) return 0;
    const seq = this.latest() + 1;
    for (const ns of changed) this.s.mark.run({ ns, seq, rewrote: rewrote.has(ns) ? seq : 0 });
    for (const v of removed) this.s.remove.run(seq, v.ns, v.kind, v.rid);
    if (this.rewrites) {
      const complete = rewritten.length <= MAX_NAMED_EDGES;
      this.rewrites.named.run(seq, complete ? 1 : 0);
      if (complete) for (const e of rewritten) this.rewrites.log.run(seq, e.ns, e.id);
      // A connection further behind reads the namespaces rewritten since anew (`changedSince`).
      this.rewrites.prune.run(seq - KEPT_CHANGES);
      this.rewrites.pruneNamed.run(seq - KEPT_CHANGES);
    }
    // A connection further behind finds its partitions' sizes off and reloads them instead.
    if (removed.length > 0) this.s.prune.run(seq - KEPT_CHANGES);
    return seq;
  }

  /**
   * The namespaces changed since the caches were last brought up to date, each with the edges and
   * vectors to read again or drop, and the change they run `through`, to pass to `saw` once they
   * are applied; undefined: take everything as changed.
   */
  changedSince(): { namespaces: NamespaceChange[]; through: number } | undefined {
    if (!this.s) return undefined;
    const seen = this.seen;
    const rows = this.s.since.all(seen) as { ns: string; seq: number }[];
    if (rows.length === 0) return undefined;
    const removed = new Map<string, { kind: string; rid: number }[]>();
    for (const r of this.s.removedSince.all(seen) as { ns: string; kind: string; rid: number }[]) {
      let list = removed.get(r.ns);
      if (!list) removed.set(r.ns, (list = []));
      list.push({ kind: r.kind, rid: r.rid });
    }
    const through = rows.at(-1)!.seq;
    const rewritten = this.rewrittenSince(seen, through);
    return {
      namespaces: rows.map((r) => ({
        ns: r.ns,
        rewrittenEdges: rewritten && [...(rewritten.get(r.ns) ?? [])],
        removedVectors: removed.get(r.ns) ?? [],
      })),
      through,
    };
  }

  /**
   * Per namespace, the ids of the edges rewritten in the changes after `seen` through `through`;
   * undefined unless every one of those changes named all it rewrote (changes are numbered without
   * gaps, so a change missing from `naming_changes` was made by an earlier build) and the log still
   * holds them (pruned at KEPT_CHANGES).
   */
  private rewrittenSince(seen: number, through: number): Map<string, Set<string>> | undefined {
    if (!this.rewrites || through - seen > KEPT_CHANGES) return undefined;
    if ((this.rewrites.completeSince.get(seen) as number) !== through - seen) return undefined;
    const out = new Map<string, Set<string>>();
    for (const r of this.rewrites.since.all(seen) as { ns: string; id: string }[]) {
      let ids = out.get(r.ns);
      if (!ids) out.set(r.ns, (ids = new Set()));
      ids.add(r.id);
    }
    return out;
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
