import { StorageError } from "../../errors.js";
import type { SqliteDb } from "./open-database.js";
import { FTS_TOKENIZE } from "./schema.js";

/** The FTS5 table of registry number `n`. Built from the integer alone: no user text becomes an identifier. */
export function ftsTable(n: number): string {
  if (!Number.isSafeInteger(n) || n <= 0) throw new StorageError(`invalid FTS table number ${String(n)}`);
  return `fts_${n}`;
}

/** The fts5vocab `row` table (document frequency per term) of table `n`. */
export function ftsTermsTable(n: number): string {
  return `${ftsTable(n)}_terms`;
}

/**
 * Schema version 3's registry `fts_spaces`: which FTS5 table, `fts_<n>`, holds a namespace's
 * documents. A namespace gets its table with its first document, inside the transaction that
 * writes that document, so a batch that rolls back leaves neither a registry row nor a table.
 *
 * Table numbers are cached; "no table yet" is not, since another connection may create the table
 * at any time, so an unknown namespace costs one registry lookup. reset() forgets the numbers,
 * because after a rollback a cached number may name a table that no longer exists (and that the
 * next namespace will reuse).
 */
export class FtsSpaces {
  private readonly s;
  private readonly known = new Map<string, number>();

  constructor(private readonly db: SqliteDb) {
    this.s = {
      find: db.prepare("SELECT n FROM fts_spaces WHERE ns = ?").pluck(),
      register: db.prepare("INSERT INTO fts_spaces (ns, n) VALUES (?, (SELECT coalesce(max(n), 0) + 1 FROM fts_spaces)) RETURNING n").pluck(),
    };
  }

  /** The namespace's table number, or undefined when it has none (reads only: safe on a read-only open). */
  find(ns: string): number | undefined {
    const cached = this.known.get(ns);
    if (cached !== undefined) return cached;
    const n = this.s.find.get(ns) as number | undefined;
    if (n !== undefined) {
      // Bounded, though only namespaces with documents get here: a store may serve very many.
      if (this.known.size >= MAX_CACHED_SPACES) this.known.clear();
      this.known.set(ns, n);
    }
    return n;
  }

  /** The namespace's table number, creating its table first if need be. Only inside a write transaction. */
  ensure(ns: string): number {
    const found = this.find(ns);
    if (found !== undefined) return found;
    const n = this.s.register.get(ns) as number;
    const table = ftsTable(n);
    // Contentless: the text lives in nodes; FTS5 keeps only the inverted index and BM25 statistics,
    // now this namespace's own. The kind is one opaque token so that a MATCH can filter on it exactly.
    this.db.exec(`CREATE VIRTUAL TABLE ${table} USING fts5 (
        kind, body, content = '', contentless_delete = 1, tokenize = '${FTS_TOKENIZE}');
      CREATE VIRTUAL TABLE ${ftsTermsTable(n)} USING fts5vocab (${table}, row);`);
    this.known.set(ns, n);
    return n;
  }

  reset(): void {
    this.known.clear();
  }
}

const MAX_CACHED_SPACES = 10_000;
