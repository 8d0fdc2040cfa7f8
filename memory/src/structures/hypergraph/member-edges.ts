import type { EdgeWrite, MemoryEdge } from "../../model/edge.js";
import type { StructureContext } from "../context.js";
import { MEMBER_EDGE, type HyperedgeMember } from "./hyperedge.js";
import type { LoadedHyperedge } from "./load-hyperedges.js";

/** A new member edge hyperedge → vertex, valid from now; the role rides on the edge too, for traversals. */
export function memberEdge(ctx: StructureContext, hyperedgeId: string, member: HyperedgeMember, now: number): EdgeWrite {
  return {
    id: ctx.newId(), ns: ctx.ns, kind: MEMBER_EDGE, from: hyperedgeId, to: member.id, weight: 1,
    attrs: member.role === undefined ? {} : { role: member.role }, source: ctx.source, time: { validFrom: now, validTo: null },
  };
}

/**
 * The edge writes that take a hyperedge from its current member set to `next`: new edges for new
 * members, a rewrite for a changed role, and a closed validity window (never a delete) for a member
 * that left — so "which vertices did this unit join at time T" stays answerable.
 */
export async function memberEdgeChanges(
  ctx: StructureContext, current: LoadedHyperedge, next: readonly HyperedgeMember[], now: number,
): Promise<EdgeWrite[]> {
  const before = new Map(current.members.map((m) => [m.id, m.role]));
  const after = new Set(next.map((m) => m.id));
  const writes: EdgeWrite[] = [];
  const rewrite = new Map<string, HyperedgeMember | null>(); // edge id → new member (null: close it)
  for (const m of next) {
    if (!before.has(m.id)) writes.push(memberEdge(ctx, current.id, m, now));
    else if (before.get(m.id) !== m.role) rewrite.set(current.edgeOf.get(m.id)!, m);
  }
  for (const m of current.members) if (!after.has(m.id)) rewrite.set(current.edgeOf.get(m.id)!, null);
  if (rewrite.size === 0) return writes;
  const stored = await ctx.stores.graph.getEdges({ ns: ctx.ns, ids: [...rewrite.keys()] });
  for (const edge of stored) writes.push(rewritten(edge, rewrite.get(edge.id) ?? null, now));
  return writes;
}

/** A closed edge keeps its attributes (the role it had then); a re-roled one carries the new role. */
function rewritten(edge: MemoryEdge, member: HyperedgeMember | null, now: number): EdgeWrite {
  const attrs = { ...edge.attrs };
  if (member !== null) {
    delete attrs["role"];
    if (member.role !== undefined) attrs["role"] = member.role;
  }
  return {
    id: edge.id, ns: edge.ns, kind: edge.kind, from: edge.from, to: edge.to, weight: edge.weight,
    attrs,
    source: edge.source,
    time: { validFrom: edge.time.validFrom, validTo: member === null ? now : edge.time.validTo },
  };
}
