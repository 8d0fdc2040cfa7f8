import Database from "better-sqlite3";
import { APPLICATION_ID, legacySchemaSql } from "./schema.js";

/** For tests: a file as a version-1 or version-2 build created it, with one FTS5 table shared by all namespaces. */
export function createLegacyFile(path: string, version: 1 | 2): void {
  const db = new Database(path);
  try {
    db.exec(legacySchemaSql(version));
    db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?)").run(String(version));
    db.pragma(`application_id = ${APPLICATION_ID}`);
  } finally {
    db.close();
  }
}
