import { StorageError } from "../../errors.js";
import { NamespaceTextIndex } from "./namespace-text-index.js";
import { readMeta, type SqliteDb } from "./open-database.js";
import { SharedTextIndex } from "./shared-text-index.js";
import type { TextTables } from "./text-tables.js";

/** The layout the file's schema version was created with. */
export function openTextTables(db: SqliteDb): TextTables {
  const version = Number(readMeta(db, "schema_version"));
  if (version === 1 || version === 2) return new SharedTextIndex(db);
  if (version === 3) return new NamespaceTextIndex(db);
  // openDatabase refuses other versions; this guards a new version that forgot to choose a layout.
  throw new StorageError(`no text index layout for schema version ${version}`);
}
