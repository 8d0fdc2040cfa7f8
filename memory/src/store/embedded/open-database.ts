import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { IncompatibleDatabaseError, NotFoundError, NotOurDatabaseError, StorageError } from "../../errors.js";
import { APPLICATION_ID, READABLE_SCHEMA_VERSIONS, SCHEMA_SQL, SCHEMA_VERSION } from "./schema.js";

export type SqliteDb = Database.Database;

export interface OpenDatabaseOptions {
  path: string;
  /** "normal": survives a process crash (WAL). "full": also survives power loss, at a write cost. */
  durability?: "normal" | "full";
  /**
   * Opens an existing Hippograph file without writing to it, ever: no schema, no pragma that writes,
   * no creation. Other connections' commits stay visible (WAL readers see each new snapshot).
   */
  readonly?: boolean;
}

const SQLITE_MAGIC = "SQLite format 3\u0000";

/**
 * Opens (or creates) a Hippograph SQLite file. Refuses, without writing a byte, any file that is
 * not SQLite or is someone else's SQLite database, so a mistyped --db cannot damage other data.
 */
export function openDatabase(options: OpenDatabaseOptions): SqliteDb {
  const { path } = options;
  const inMemory = path === ":memory:";
  const readonly = options.readonly ?? false;
  if (readonly) assertOpenableReadOnly(path);
  else if (!inMemory) assertSqliteOrAbsent(path);

  let db: SqliteDb;
  try {
    if (!inMemory && !readonly) mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { readonly });
  } catch (cause) {
    throw new StorageError(`cannot open ${path}: ${(cause as Error).message}`, { cause });
  }
  try {
    const appId = readApplicationId(db, path, readonly);
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master").get() as { n: number };
    if (appId === 0 && tables.n > 0) throw new NotOurDatabaseError(path, "it holds tables of another application");
    if (appId !== 0 && appId !== APPLICATION_ID) {
      throw new NotOurDatabaseError(path, `its application_id is 0x${appId.toString(16)}`);
    }
    if (readonly && appId === 0) throw new NotOurDatabaseError(path, "it was never initialised, and a read-only open cannot do it");
    db.pragma("busy_timeout = 10000");
    // Before any pragma that writes (journal_mode rewrites the header): a refused file stays as it was.
    if (appId !== 0) checkVersion(db, path);
    if (!inMemory && !readonly) db.pragma("journal_mode = WAL");
    db.pragma(`synchronous = ${options.durability === "full" ? "FULL" : "NORMAL"}`);
    db.pragma("cache_size = -65536");
    db.pragma("temp_store = MEMORY");
    if (appId === 0) initialise(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The first read of the header: a corrupt or encrypted file fails here, and is not ours to touch. */
function readApplicationId(db: SqliteDb, path: string, readonly: boolean): number {
  try {
    return db.pragma("application_id", { simple: true }) as number;
  } catch (cause) {
    const code = (cause as { code?: string }).code ?? "";
    if (readonly && /^SQLITE_(READONLY|CANTOPEN)/.test(code)) {
      // A WAL file's readers share an index in <path>-shm, which the first of them creates.
      throw new StorageError(`cannot read ${path} read-only: SQLite needs ${path}-shm beside it and cannot create it (${(cause as Error).message}); make the directory writable, or keep a writer open`, { cause });
    }
    throw new NotOurDatabaseError(path, (cause as Error).message, { cause });
  }
}

/** A read-only open creates nothing: the file must be there, and be SQLite. */
function assertOpenableReadOnly(path: string): void {
  if (path === ":memory:") throw new StorageError("an in-memory database cannot be opened read-only: it would always be empty");
  if (!existsSync(path)) throw new NotFoundError(`${path} does not exist (a read-only open does not create it)`);
  if (statSync(path).size === 0) throw new NotOurDatabaseError(path, "it is empty, and a read-only open cannot initialise it");
  assertSqliteOrAbsent(path);
}

function assertSqliteOrAbsent(path: string): void {
  if (!existsSync(path)) return;
  const stat = statSync(path);
  if (stat.isDirectory()) throw new NotOurDatabaseError(path, "it is a directory");
  if (stat.size === 0) return;
  const header = Buffer.alloc(16);
  const fd = openSync(path, "r");
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString("latin1") !== SQLITE_MAGIC) throw new NotOurDatabaseError(path, "it is not an SQLite file");
}

/** Writes a schema into an empty file; tests pass an older version's schema to build legacy files. */
export function initialise(db: SqliteDb, sql = SCHEMA_SQL, version = SCHEMA_VERSION): void {
  db.transaction(() => {
    // Another process may have initialised the file between our check and this write lock.
    if ((db.pragma("application_id", { simple: true }) as number) === APPLICATION_ID) return;
    db.exec(sql);
    db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?)").run(String(version));
    db.pragma(`application_id = ${APPLICATION_ID}`);
  }).immediate();
}

function checkVersion(db: SqliteDb, path: string): void {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
  // Versions 1 and 2 open as they are, with their shared full-text table: see READABLE_SCHEMA_VERSIONS.
  const version = Number(row?.value);
  if (!READABLE_SCHEMA_VERSIONS.includes(version)) {
    throw new IncompatibleDatabaseError(
      `${path} has schema version ${row?.value ?? "none"}; this build reads versions ${READABLE_SCHEMA_VERSIONS.join(", ")}`,
    );
  }
}

export function readMeta(db: SqliteDb, key: string): string | undefined {
  return (db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined)?.value;
}

export function writeMeta(db: SqliteDb, key: string, value: string): void {
  db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key, value);
}
