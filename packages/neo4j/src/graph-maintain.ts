import type { Change, EraseReport, InvalidateRequest, KindRegistry, MemoryNode } from "@hippograph/memory";
import type { CypherTx, Row } from "./connection.js";
import { deleteEdgesOf, deleteNodes, deleteSourceEdges, deleteSourceVersions, docOf, nodesOfSource } from "./cypher/erase.js";
import { invalidateEdges, lockNodes } from "./cypher/invalidate.js";
import { historyOf } from "./cypher/node-read.js";
import { insertVersions, upsertNodes } from "./cypher/node-write.js";
import { chunk } from "./cypher/statement.js";
import { deleteDocs, upsertDocs } from "./cypher/text.js";
import { byKindBatches } from "./graph-write.js";
import { nodeFromProps, nodeFromVersion, propsOfNode, versionFromProps, versionProps } from "./rows.js";

/** Closes validity windows (nodes get a new version with the full state; edges change in place). */
export async function invalidateIn(tx: CypherTx, kinds: KindRegistry, r: InvalidateRequest, size: number): Promise<number> {
  const validTo = r.validTo ?? null;
  const expiredAt = r.expiredAt ?? null;
  let count = 0;
  const nodes: MemoryNode[] = [];
  for (const part of chunk([...new Set(r.nodeIds ?? [])], size)) {
    for (const row of await tx.run(lockNodes(r.ns, part))) {
      const node = nodeFromProps(row.n as Row);
      node.time = { ...node.time, validTo: validTo ?? node.time.validTo, expiredAt: expiredAt ?? node.time.expiredAt };
      node.version += 1;
      nodes.push(node);
    }
  }
  const op = validTo !== null ? "invalidate" : "expire";
  for (const s of byKindBatches(nodes.map(propsOfNode), size, (kind, rows) => upsertNodes(kinds, kind, rows))) await tx.run(s);
  for (const part of chunk(nodes.map((n) => versionProps(n, op, r.change)), size)) await tx.run(insertVersions(part));
  count += nodes.length;
  for (const part of chunk([...new Set(r.edgeIds ?? [])], size)) {
    const [row] = await tx.run(invalidateEdges(kinds, r.ns, part, validTo, expiredAt));
    count += Number(row?.changed ?? 0);
  }
  return count;
}

/**
 * Erase-by-source, mirroring the embedded store: the source's nodes go with every edge touching
 * them or carrying the source, their history and text documents; versions the source authored on
 * surviving nodes go too, and such a node rolls back to its last clean version (re-indexing its
 * text document, if it had one). Vectors live in another service: the Memory facade deletes them.
 */
export async function eraseIn(tx: CypherTx, kinds: KindRegistry, ns: string, sourceId: string, change: Change): Promise<EraseReport> {
  const nodeIds = (await tx.run(nodesOfSource(ns, sourceId))).map((r) => String(r.id));
  const [edgeRow] = await tx.run(deleteSourceEdges(ns, sourceId, nodeIds));
  let edges = Number(edgeRow?.deleted ?? 0);
  const [gone] = await tx.run(deleteNodes(ns, nodeIds));
  let versions = Number(gone?.versions ?? 0);
  const touched: string[] = [];
  for (const r of await tx.run(deleteSourceVersions(ns, sourceId))) {
    touched.push(String(r.id));
    versions += Number(r.versions);
  }
  const restored: string[] = [];
  for (const id of touched.sort()) {
    const [current] = await tx.run(lockNodes(ns, [id]));
    if (!current) continue;
    const head = nodeFromProps(current.n as Row);
    const remaining = (await tx.run(historyOf(ns, id))).map((r) => versionFromProps(r.v as Row));
    const last = remaining.at(-1);
    if (last && last.version === head.version) continue; // its latest state never carried the erased content
    if (!last) {
      // Every version came from the erased source: nothing clean to return to.
      const [e] = await tx.run(deleteEdgesOf(ns, [id]));
      edges += Number(e?.deleted ?? 0);
      await tx.run(deleteNodes(ns, [id]));
      nodeIds.push(id);
      continue;
    }
    const node: MemoryNode = { ...nodeFromVersion(last), version: head.version + 1 };
    await tx.run(upsertNodes(kinds, node.kind, [propsOfNode(node)]));
    await tx.run(insertVersions([versionProps(node, "restore", { ...change, sourceId: node.source.id })]));
    restored.push(id);
    if ((await tx.run(docOf(ns, id))).length > 0) {
      await tx.run(node.text === null ? deleteDocs(ns, [id]) : upsertDocs([{ ns, id, kind: node.kind, text: node.text }]));
    }
  }
  return { nodeIds, edges, versions, restored };
}
