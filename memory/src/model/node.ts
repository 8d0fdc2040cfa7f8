import type { NodeKind } from "./kinds.js";
import type { Source } from "./provenance.js";
import type { NodeTime } from "./time.js";

/** JSON-serialisable attributes. Backends store them as one document, so keep them small. */
export type Attrs = Record<string, unknown>;

/** A string attribute (speaker, thread, session…), or undefined when it is missing, empty or not a string. */
export function textAttr(attrs: Attrs, key: string): string | undefined {
  const v = attrs[key];
  return typeof v === "string" && v.length > 0 ? v : undefined;
}

/** "Ana: text" for a node whose attrs name a speaker, else the text: how turns read wherever they are quoted (notes, events, index documents, context). */
export function spokenText(attrs: Attrs, text: string): string {
  const speaker = textAttr(attrs, "speaker");
  return speaker ? `${speaker}: ${text}` : text;
}

/**
 * A node of the memory graph. `(ns, id)` identifies it: the same id in two namespaces is two
 * nodes, so nothing one tenant writes can touch or reveal another's.
 */
export interface MemoryNode {
  id: string;
  ns: string;
  kind: NodeKind;
  text: string | null;
  attrs: Attrs;
  source: Source;
  time: NodeTime;
  /** 1 on creation, +1 on every change; the change history keeps each version. */
  version: number;
}

/** Who changed a record, when and why. Every version carries one. */
export interface Change {
  actor: string;
  reason: string;
  at: number;
  /** The source whose information this change carries, when it differs from the node's own source. */
  sourceId?: string;
}

/** A node as written through the GraphStore port: already validated; the store assigns version and recordedAt. */
export interface NodeWrite {
  id: string;
  ns: string;
  kind: NodeKind;
  text: string | null;
  attrs: Attrs;
  source: Source;
  time: { at: number | null; validFrom: number | null; validTo: number | null };
  change: Change;
  /** Optimistic concurrency: fail with ConflictError unless the stored version equals this (0 = must not exist). */
  expectedVersion?: number;
}
