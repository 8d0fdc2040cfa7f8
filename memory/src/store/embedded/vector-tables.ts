import { ValidationError } from "../../errors.js";
import type { ScoredId, VectorPoint, VectorQuery } from "../../ports/vector-store.js";
import type { SqliteDb } from "./open-database.js";
import type { VectorRows } from "./vector-index.js";

/** A vector row change the in-memory index must learn after commit. */
export interface VectorChange {
  ns: string;
  kind: string;
  rid: number;
  vector?: Float32Array;
}

/**
 * Vectors as blobs in SQLite, the source the in-memory index is rebuilt from. An upsert deletes
 * and re-inserts, so every new vector gets a fresh rid and a saved ANN index can catch up by
 * replaying rids above its high-water mark.
 */
export class VectorTables implements VectorRows {
  private readonly s;

  constructor(db: SqliteDb, readonly dimensions: number) {
    this.s = {
      head: db.prepare("SELECT rid, kind FROM vectors WHERE ns = ? AND id = ?"),
      insert: db.prepare("INSERT INTO vectors (ns, id, kind, vec) VALUES (?, ?, ?, ?) RETURNING rid").pluck(),
      delete: db.prepare("DELETE FROM vectors WHERE rid = ?"),
      rows: db.prepare("SELECT rid, vec FROM vectors WHERE ns = ? AND kind = ? AND rid > ? ORDER BY rid"),
      count: db.prepare("SELECT count(*) FROM vectors WHERE ns = ? AND kind = ?").pluck(),
      firstNamespace: db.prepare("SELECT min(ns) FROM vectors").pluck(),
      nextNamespace: db.prepare("SELECT min(ns) FROM vectors WHERE ns > ?").pluck(),
      firstKind: db.prepare("SELECT min(kind) FROM vectors WHERE ns = ?").pluck(),
      nextKind: db.prepare("SELECT min(kind) FROM vectors WHERE ns = ? AND kind > ?").pluck(),
      // "+ns" keeps the planner on rowid lookups: the (ns, id) index would scan the whole namespace.
      idsByRid: db.prepare("SELECT rid, id FROM vectors WHERE rid IN (SELECT value FROM json_each(?)) AND +ns = ?"),
    };
  }

  applyUpsert(points: readonly VectorPoint[]): VectorChange[] {
    const changes: VectorChange[] = [];
    points.forEach((p, i) => {
      const vector = this.unit(p.vector, `vectors[${i}].vector`);
      changes.push(...this.applyDelete(p.ns, [p.id]));
      const rid = this.s.insert.get(p.ns, p.id, p.kind, Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength)) as number;
      changes.push({ ns: p.ns, kind: p.kind, rid, vector });
    });
    return changes;
  }

  applyDelete(ns: string, ids: readonly string[]): VectorChange[] {
    const removed: VectorChange[] = [];
    for (const id of ids) {
      const head = this.s.head.get(ns, id) as { rid: number; kind: string } | undefined;
      if (!head) continue;
      this.s.delete.run(head.rid);
      removed.push({ ns, kind: head.kind, rid: head.rid });
    }
    return removed;
  }

  /** Maps index keys back to ids, dropping keys whose rows are gone (stale ANN entries). */
  resolve(ns: string, hits: readonly { key: number; score: number }[]): ScoredId[] {
    const rows = this.s.idsByRid.all(JSON.stringify(hits.map((h) => h.key)), ns) as { rid: number; id: string }[];
    const ids = new Map(rows.map((r) => [r.rid, r.id]));
    return hits.flatMap((h) => {
      const id = ids.get(h.key);
      return id === undefined ? [] : [{ id, score: h.score }];
    });
  }

  unitQuery(q: VectorQuery): Float32Array {
    return this.unit(q.vector, "vector");
  }

  *rows(ns: string, kind: string, afterRid: number): Iterable<{ rid: number; vec: Uint8Array }> {
    yield* this.s.rows.iterate(ns, kind, afterRid) as IterableIterator<{ rid: number; vec: Uint8Array }>;
  }

  count(ns: string, kind: string): number {
    return this.s.count.get(ns, kind) as number;
  }

  /** Every (namespace, kind) holding vectors: one index seek each, not a read of every vector (every open asks). */
  *partitions(): Iterable<{ ns: string; kind: string }> {
    for (let ns = this.s.firstNamespace.get() as string | null; ns !== null; ns = this.s.nextNamespace.get(ns) as string | null) {
      for (const kind of this.kindsOf(ns)) yield { ns, kind };
    }
  }

  *kindsOf(ns: string): Iterable<string> {
    for (let kind = this.s.firstKind.get(ns) as string | null; kind !== null; kind = this.s.nextKind.get(ns, kind) as string | null) yield kind;
  }

  /** Cosine similarity is a dot product on unit vectors: normalise once on the way in. */
  private unit(vector: Float32Array, path: string): Float32Array {
    if (!(vector instanceof Float32Array) || vector.length !== this.dimensions) {
      throw new ValidationError([{ path, message: `expected a Float32Array of ${this.dimensions} dimensions, got ${describe(vector)}` }]);
    }
    let norm = 0;
    for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
    if (!Number.isFinite(norm)) throw new ValidationError([{ path, message: "vector contains NaN or infinite values" }]);
    const out = new Float32Array(vector.length);
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let i = 0; i < vector.length; i++) out[i] = vector[i]! * scale;
    return out;
  }
}

function describe(v: unknown): string {
  if (v instanceof Float32Array) return `${v.length} dimensions`;
  return Array.isArray(v) ? `an array (use Float32Array)` : typeof v;
}
