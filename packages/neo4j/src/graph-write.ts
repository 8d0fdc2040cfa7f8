import { ConflictError, NAMESPACE_PATTERN, ValidationError, type EdgeWrite, type GraphWrite, type Issue, type KindRegistry, type MemoryNode, type NodeWrite } from "@hippograph/memory";
import type { CypherTx } from "./connection.js";
import { createEdges, detachEdges, missingEndpoints, type EdgeProps } from "./cypher/edge-write.js";
import { insertVersions, lockHeads, upsertNodes, type NodeProps } from "./cypher/node-write.js";
import { chunk, type Statement } from "./cypher/statement.js";
import { propsOfNode, versionProps } from "./rows.js";

/**
 * Rejects a batch before any query is sent: namespaces, kinds (the allow-list becomes labels and
 * relationship types), ids and weights. The facade validates too; the store does not rely on it.
 */
export function checkWrite(batch: GraphWrite, kinds: KindRegistry): void {
  const issues: Issue[] = [];
  const ns = (v: unknown, path: string) => {
    if (typeof v !== "string" || !NAMESPACE_PATTERN.test(v)) issues.push({ path, message: `invalid namespace ${JSON.stringify(v)}` });
  };
  batch.nodes?.forEach((n, i) => {
    ns(n.ns, `nodes[${i}].ns`);
    if (!kinds.nodeKinds.has(n.kind)) issues.push({ path: `nodes[${i}].kind`, message: `unknown node kind ${JSON.stringify(n.kind)}` });
    if (typeof n.id !== "string" || n.id.length === 0) issues.push({ path: `nodes[${i}].id`, message: "id must be a non-empty string" });
  });
  batch.edges?.forEach((e, i) => {
    ns(e.ns, `edges[${i}].ns`);
    if (!kinds.edgeKinds.has(e.kind)) issues.push({ path: `edges[${i}].kind`, message: `unknown edge kind ${JSON.stringify(e.kind)}` });
    if (!Number.isFinite(e.weight)) issues.push({ path: `edges[${i}].weight`, message: "weight must be a finite number" });
  });
  if (issues.length > 0) throw new ValidationError(issues, "graph write rejected");
}

type Head = { version: number; recordedAt: number; expiredAt: number | null };
const key = (ns: string, id: string) => `${ns}\u0000${id}`;

/** The system-time stamps a lock or detach query returned, as a Head. */
function headOf(r: Record<string, unknown>, version: number): Head {
  return { version, recordedAt: Number(r.recordedAt), expiredAt: r.expiredAt == null ? null : Number(r.expiredAt) };
}

/** Groups rows by kind, then cuts each group into UNWIND batches: one statement per batch. */
export function byKindBatches<R extends { kind: string }>(rows: Iterable<R>, size: number, build: (kind: string, rows: R[]) => Statement): Statement[] {
  const groups = new Map<string, R[]>();
  for (const r of rows) {
    let g = groups.get(r.kind);
    if (!g) groups.set(r.kind, (g = []));
    g.push(r);
  }
  return [...groups].flatMap(([kind, g]) => chunk(g, size).map((part) => build(kind, part)));
}

/**
 * Turns the nodes of a batch into node and history statements, given the stored heads. Nodes
 * apply in order (the same id twice becomes two versions); only the final state is upserted.
 */
export function planNodes(kinds: KindRegistry, nodes: readonly NodeWrite[], heads: Map<string, Head>, size: number): Statement[] {
  const finals = new Map<string, NodeProps>();
  const versions = [];
  for (const n of nodes) {
    const k = key(n.ns, n.id);
    const head = heads.get(k);
    if (n.expectedVersion !== undefined && n.expectedVersion !== (head?.version ?? 0)) {
      throw new ConflictError(`node "${n.id}" in "${n.ns}" is at version ${head?.version ?? 0}, expected ${n.expectedVersion}`);
    }
    const node: MemoryNode = {
      id: n.id, ns: n.ns, kind: n.kind, text: n.text, attrs: n.attrs, source: n.source,
      time: { ...n.time, recordedAt: head?.recordedAt ?? n.change.at, expiredAt: head?.expiredAt ?? null },
      version: (head?.version ?? 0) + 1,
    };
    heads.set(k, { version: node.version, recordedAt: node.time.recordedAt, expiredAt: node.time.expiredAt });
    versions.push(versionProps(node, head ? "update" : "create", n.change));
    finals.delete(k); // re-insert: the last write of an id decides its kind group
    finals.set(k, propsOfNode(node));
  }
  return [
    ...byKindBatches(finals.values(), size, (kind, rows) => upsertNodes(kinds, kind, rows)),
    ...chunk(versions, size).map(insertVersions),
  ];
}

export function planEdges(kinds: KindRegistry, edges: readonly EdgeWrite[], stamps: Map<string, Head>, size: number, now: number): Statement[] {
  const rows: EdgeProps[] = edges.map((e) => {
    const stamp = stamps.get(key(e.ns, e.id));
    return {
      ns: e.ns, id: e.id, kind: e.kind, from: e.from, to: e.to, weight: e.weight, attrs: JSON.stringify(e.attrs),
      source_id: e.source.id, source_type: e.source.type, trust: e.source.trust,
      valid_from: e.time.validFrom, valid_to: e.time.validTo, recorded_at: stamp?.recordedAt ?? now, expired_at: stamp?.expiredAt ?? null,
    };
  });
  return byKindBatches(rows, size, (kind, part) => createEdges(kinds, kind, part));
}

/** The whole write, inside one managed write transaction: all of it commits, or none. */
export async function writeGraph(tx: CypherTx, kinds: KindRegistry, batch: GraphWrite, size: number, now: number): Promise<void> {
  const nodes = batch.nodes ?? [];
  if (nodes.length > 0) {
    const keys = uniqueKeys(nodes);
    const heads = new Map<string, Head>();
    for (const part of chunk(keys, size)) {
      for (const r of await tx.run(lockHeads(part))) {
        heads.set(key(String(r.ns), String(r.id)), headOf(r, Number(r.version)));
      }
    }
    for (const s of planNodes(kinds, nodes, heads, size)) await tx.run(s);
  }
  // The same edge id twice in a batch: the last write wins, as in the embedded store.
  const edges = [...new Map((batch.edges ?? []).map((e) => [key(e.ns, e.id), e] as const)).values()];
  if (edges.length === 0) return;
  const index = new Map((batch.edges ?? []).map((e, i) => [e, i]));
  const issues: Issue[] = [];
  for (const part of chunk(edges, size)) {
    const rows = part.map((e) => ({ i: index.get(e)!, ns: e.ns, from: e.from, to: e.to }));
    for (const r of await tx.run(missingEndpoints(rows))) {
      const e = batch.edges![Number(r.i)]!;
      if (r.fromMissing) issues.push({ path: `edges[${Number(r.i)}].from`, message: `node "${e.from}" does not exist in namespace "${e.ns}"` });
      if (r.toMissing) issues.push({ path: `edges[${Number(r.i)}].to`, message: `node "${e.to}" does not exist in namespace "${e.ns}"` });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues, "graph write rejected");
  const stamps = new Map<string, Head>();
  for (const part of chunk(uniqueKeys(edges), size)) {
    for (const r of await tx.run(detachEdges(kinds, part))) {
      stamps.set(key(String(r.ns), String(r.id)), headOf(r, 0));
    }
  }
  for (const s of planEdges(kinds, edges, stamps, size, now)) await tx.run(s);
}

function uniqueKeys(items: readonly { ns: string; id: string }[]): { ns: string; id: string }[] {
  return [...new Map(items.map((x) => [key(x.ns, x.id), { ns: x.ns, id: x.id }])).values()];
}
