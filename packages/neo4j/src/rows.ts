import type { Attrs, MemoryEdge, MemoryNode, NodeVersion, SourceType, VersionOp } from "@hippograph/memory";
import type { EdgeProps } from "./cypher/edge-write.js";
import type { NodeProps, VersionProps } from "./cypher/node-write.js";
import { attrPair } from "./cypher/node-read.js";

/** Property maps as Neo4j returns them (absent = null), and their mapping to the model. */
type Stored<T> = { [K in keyof T]?: T[K] | null };

const num = (x: unknown): number | null => (x === null || x === undefined ? null : Number(x));

export function nodeFromProps(p: Stored<NodeProps>): MemoryNode {
  return {
    id: String(p.id), ns: String(p.ns), kind: String(p.kind), text: p.text ?? null,
    attrs: JSON.parse(p.attrs ?? "{}") as Attrs,
    source: { id: String(p.source_id), type: p.source_type as SourceType, trust: Number(p.trust) },
    time: { at: num(p.at), validFrom: num(p.valid_from), validTo: num(p.valid_to), recordedAt: Number(p.recorded_at), expiredAt: num(p.expired_at) },
    version: Number(p.version),
  };
}

export function propsOfNode(n: MemoryNode): NodeProps {
  return {
    ns: n.ns, id: n.id, kind: n.kind, text: n.text, attrs: JSON.stringify(n.attrs), attr_pairs: nonEmpty(scalarPairs(n.attrs)),
    source_id: n.source.id, source_type: n.source.type, trust: n.source.trust,
    at: n.time.at, valid_from: n.time.validFrom, valid_to: n.time.validTo, recorded_at: n.time.recordedAt, expired_at: n.time.expiredAt,
    version: n.version,
  };
}

/** An empty list is stored as no property: `pair IN null` is null, so an attribute filter still fails, as it should. */
function nonEmpty(xs: string[]): string[] | null {
  return xs.length > 0 ? xs : null;
}

/** Top-level string/number/boolean attributes as `key NUL json` tokens, so findNodes can filter by parameter. */
function scalarPairs(attrs: Attrs): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v))) out.push(attrPair(k, v));
  }
  return out;
}

export function edgeFromProps(p: Stored<EdgeProps>): MemoryEdge {
  return {
    id: String(p.id), ns: String(p.ns), kind: String(p.kind), from: String(p.from), to: String(p.to), weight: Number(p.weight),
    attrs: JSON.parse(p.attrs ?? "{}") as Attrs,
    source: { id: String(p.source_id), type: p.source_type as SourceType, trust: Number(p.trust) },
    time: { validFrom: num(p.valid_from), validTo: num(p.valid_to), recordedAt: Number(p.recorded_at), expiredAt: num(p.expired_at) },
  };
}

export function versionFromProps(p: Stored<VersionProps>): NodeVersion {
  return {
    id: String(p.id), ns: String(p.ns), version: Number(p.version), op: p.op as VersionOp,
    change: { actor: String(p.actor), reason: String(p.reason), at: Number(p.at) },
    sourceId: String(p.source_id),
    snapshot: JSON.parse(String(p.snapshot)) as NodeVersion["snapshot"],
  };
}

export function versionProps(node: MemoryNode, op: VersionOp, change: { actor: string; reason: string; at: number; sourceId?: string }): VersionProps {
  return {
    ns: node.ns, id: node.id, version: node.version, op, actor: change.actor, reason: change.reason, at: change.at,
    source_id: change.sourceId ?? node.source.id,
    snapshot: JSON.stringify({ kind: node.kind, text: node.text, attrs: node.attrs, source: node.source, time: node.time }),
  };
}

export function nodeFromVersion(v: NodeVersion): MemoryNode {
  return { id: v.id, ns: v.ns, kind: v.snapshot.kind, text: v.snapshot.text, attrs: v.snapshot.attrs, source: v.snapshot.source, time: v.snapshot.time, version: v.version };
}

export function inOrder<T extends { id: string }>(ids: readonly string[], items: readonly T[]): T[] {
  const byId = new Map(items.map((x) => [x.id, x]));
  const seen = new Set<string>();
  const out: T[] = [];
  for (const id of ids) {
    const item = byId.get(id);
    if (item && !seen.has(id)) {
      out.push(item);
      seen.add(id);
    }
  }
  return out;
}
