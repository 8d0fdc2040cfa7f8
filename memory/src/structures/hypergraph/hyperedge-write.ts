import type { Change, MemoryNode, NodeWrite } from "../../model/node.js";
import type { StructureContext } from "../context.js";
import { HYPEREDGE_KIND, hyperedgeAttrs, type HyperedgeMember } from "./hyperedge.js";

/** A brand-new hyperedge node; `expectedVersion: 0` makes a concurrent insert of the same id fail, not merge. */
export function newHyperedgeNode(ctx: StructureContext, id: string, description: string, members: readonly HyperedgeMember[], change: Change, now: number): NodeWrite {
  return {
    id, ns: ctx.ns, kind: HYPEREDGE_KIND, text: description, attrs: hyperedgeAttrs(members), source: ctx.source,
    time: { at: now, validFrom: null, validTo: null }, change, expectedVersion: 0,
  };
}

/**
 * The next version of a stored hyperedge. It keeps its original source (provenance of the unit) and
 * records ours on the change, so erasing our source rolls the unit back instead of deleting it.
 * `expectedVersion` turns a lost update between our read and our write into a ConflictError.
 */
export function nextVersion(
  ctx: StructureContext, current: MemoryNode, patch: { text?: string; members?: readonly HyperedgeMember[]; validTo?: number }, change: Change,
): NodeWrite {
  return {
    id: current.id, ns: current.ns, kind: current.kind, text: patch.text ?? current.text,
    attrs: patch.members ? hyperedgeAttrs(patch.members, current.attrs) : current.attrs,
    source: current.source,
    time: { at: current.time.at, validFrom: current.time.validFrom, validTo: patch.validTo ?? current.time.validTo },
    change: ctx.source.id === current.source.id ? change : { ...change, sourceId: ctx.source.id },
    expectedVersion: current.version,
  };
}
