import type { MemoryEdge } from "../../model/edge.js";
import type { MemoryNode } from "../../model/node.js";
import type { SourceType } from "../../model/provenance.js";
import type { NodeVersion, VersionOp } from "../../model/version.js";

/** Row shapes as SQLite returns them, and their mapping to the model. */
export interface NodeRow {
  rid: number;
  ns: string;
  id: string;
  kind: string;
  text: string | null;
  attrs: string;
  source_id: string;
  source_type: string;
  trust: number;
  at: number | null;
  valid_from: number | null;
  valid_to: number | null;
  recorded_at: number;
  expired_at: number | null;
  version: number;
}

export interface EdgeRow {
  rid: number;
  ns: string;
  id: string;
  kind: string;
  from_id: string;
  to_id: string;
  weight: number;
  attrs: string;
  source_id: string;
  source_type: string;
  trust: number;
  valid_from: number | null;
  valid_to: number | null;
  recorded_at: number;
  expired_at: number | null;
}

export interface HistoryRow {
  ns: string;
  id: string;
  version: number;
  op: string;
  actor: string;
  reason: string;
  at: number;
  source_id: string;
  snapshot: string;
}

export function nodeFromRow(r: NodeRow): MemoryNode {
  return {
    id: r.id,
    ns: r.ns,
    kind: r.kind,
    text: r.text,
    attrs: JSON.parse(r.attrs) as Record<string, unknown>,
    source: { id: r.source_id, type: r.source_type as SourceType, trust: r.trust },
    time: { at: r.at, validFrom: r.valid_from, validTo: r.valid_to, recordedAt: r.recorded_at, expiredAt: r.expired_at },
    version: r.version,
  };
}

export function edgeFromRow(r: EdgeRow): MemoryEdge {
  return {
    id: r.id,
    ns: r.ns,
    kind: r.kind,
    from: r.from_id,
    to: r.to_id,
    weight: r.weight,
    attrs: JSON.parse(r.attrs) as Record<string, unknown>,
    source: { id: r.source_id, type: r.source_type as SourceType, trust: r.trust },
    time: { validFrom: r.valid_from, validTo: r.valid_to, recordedAt: r.recorded_at, expiredAt: r.expired_at },
  };
}

export function versionFromRow(r: HistoryRow): NodeVersion {
  return {
    id: r.id,
    ns: r.ns,
    version: r.version,
    op: r.op as VersionOp,
    change: { actor: r.actor, reason: r.reason, at: r.at },
    sourceId: r.source_id,
    snapshot: JSON.parse(r.snapshot) as NodeVersion["snapshot"],
  };
}

/** The snapshot a history row keeps: the node's full state after the change. */
export function snapshotOf(node: MemoryNode): string {
  return JSON.stringify({ kind: node.kind, text: node.text, attrs: node.attrs, source: node.source, time: node.time });
}

/** A node as it stood at a version, rebuilt from its history row. */
export function nodeFromVersion(v: NodeVersion): MemoryNode {
  return { id: v.id, ns: v.ns, kind: v.snapshot.kind, text: v.snapshot.text, attrs: v.snapshot.attrs, source: v.snapshot.source, time: v.snapshot.time, version: v.version };
}
