import type { Change } from "../../model/node.js";
import type { EraseReport } from "../../ports/graph-store.js";
import type { GraphTables } from "./graph-tables.js";
import type { SqliteDb } from "./open-database.js";
import type { TextTables } from "./text-tables.js";
import type { VectorChange, VectorTables } from "./vector-tables.js";

export interface EraseEffects {
  report: EraseReport;
  /** Edges to drop from the adjacency once committed. */
  edgeIds: string[];
  vectorChanges: VectorChange[];
}

/**
 * Erase-by-source (the right to be forgotten): physically removes the nodes a source created, every
 * edge touching them or created by it, and every history version it authored — also on nodes that
 * survive, which roll back to their last version without its content. Text and vectors of erased
 * nodes go too; restored nodes are re-indexed from the clean text here, and their vectors (derived
 * from erased content) are dropped for the caller to re-embed. Runs inside the caller's transaction.
 */
export function applyEraseBySource(
  db: SqliteDb, tables: { graph: GraphTables; text: TextTables; vectors: VectorTables },
  ns: string, sourceId: string, change: Change,
): EraseEffects {
  const nodeIds = db.prepare("SELECT id FROM nodes WHERE ns = ? AND source_id = ? ORDER BY id").pluck().all(ns, sourceId) as string[];
  const erased = JSON.stringify(nodeIds);
  const edgeIds = db
    .prepare(`SELECT id FROM edges WHERE ns = ? AND (source_id = ? OR from_id IN (SELECT value FROM json_each(?)) OR to_id IN (SELECT value FROM json_each(?)))`)
    .pluck()
    .all(ns, sourceId, erased, erased) as string[];
  tables.graph.holdRidMark(); // the one path that deletes edges
  db.prepare("DELETE FROM edges WHERE ns = ? AND id IN (SELECT value FROM json_each(?))").run(ns, JSON.stringify(edgeIds));
  db.prepare("DELETE FROM nodes WHERE ns = ? AND id IN (SELECT value FROM json_each(?))").run(ns, erased);
  let versions = db.prepare("DELETE FROM history WHERE ns = ? AND id IN (SELECT value FROM json_each(?))").run(ns, erased).changes;

  const touched = db.prepare("SELECT DISTINCT id FROM history WHERE ns = ? AND source_id = ?").pluck().all(ns, sourceId) as string[];
  versions += db.prepare("DELETE FROM history WHERE ns = ? AND source_id = ?").run(ns, sourceId).changes;

  const restored: string[] = [];
  const vectorChanges = tables.vectors.applyDelete(ns, nodeIds);
  tables.text.applyDelete(ns, nodeIds);
  for (const id of touched) {
    const current = db.prepare("SELECT version FROM nodes WHERE ns = ? AND id = ?").pluck().get(ns, id) as number | undefined;
    if (current === undefined) continue;
    const remaining = tables.graph.history(ns, id);
    const last = remaining.at(-1);
    if (last && last.version === current) continue; // its latest state never carried the erased content
    if (!last) {
      // Every version came from the erased source: nothing clean to return to.
      db.prepare("DELETE FROM nodes WHERE ns = ? AND id = ?").run(ns, id);
      nodeIds.push(id);
      const dangling = db.prepare("DELETE FROM edges WHERE ns = ? AND (from_id = ? OR to_id = ?) RETURNING id").pluck().all(ns, id, id) as string[];
      edgeIds.push(...dangling);
      tables.text.applyDelete(ns, [id]);
      vectorChanges.push(...tables.vectors.applyDelete(ns, [id]));
      continue;
    }
    const node = tables.graph.applyRestore(last, current, change);
    restored.push(id);
    if (tables.text.has(ns, id)) tables.text.applyIndex(node.text === null ? [] : [{ ns, id, kind: node.kind, text: node.text }]);
    if (node.text === null) tables.text.applyDelete(ns, [id]);
    vectorChanges.push(...tables.vectors.applyDelete(ns, [id]));
  }
  return { report: { nodeIds, edges: edgeIds.length, versions, restored }, edgeIds, vectorChanges };
}
