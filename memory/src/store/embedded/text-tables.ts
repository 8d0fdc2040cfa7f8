import type { ScoredId } from "../../ports/vector-store.js";
import type { TextDoc, TextQuery } from "../../ports/text-index.js";

/**
 * The embedded store's FTS5 text index. Two layouts stand behind it because an existing file's
 * contentless index cannot be rebuilt into the other (see READABLE_SCHEMA_VERSIONS): one table
 * shared by all namespaces (versions 1 and 2) and one table per namespace (version 3).
 *
 * Writes run inside the store's transaction; when that rolls back, or another connection may have
 * changed the file, the store calls reset() so that no cache outlives the state it was read from.
 * openTextTables() picks the layout.
 */
export interface TextTables {
  applyIndex(docs: readonly TextDoc[]): void;
  applyDelete(ns: string, ids: readonly string[]): void;
  has(ns: string, id: string): boolean;
  search(q: TextQuery): ScoredId[];
  reset(): void;
}
