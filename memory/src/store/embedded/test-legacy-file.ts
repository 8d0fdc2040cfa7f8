import Database from "better-sqlite3";
import { initialise } from "./open-database.js";
import { legacySchemaSql } from "./schema.js";

/** For tests: a file as a version-1 or version-2 build created it, with one FTS5 table shared by all namespaces. */
export function createLegacyFile(path: string, version: 1 | 2): void {
  const db = new Database(path);
  try {
    initialise(db, legacySchemaSql(version), version);
  } finally {
    db.close();
  }
}
