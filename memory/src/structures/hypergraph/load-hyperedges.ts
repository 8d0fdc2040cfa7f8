import { NotFoundError, ValidationError } from "../../errors.js";
import type { StructureContext } from "../context.js";
import { HYPEREDGE_KIND, MEMBER_EDGE, isCurrent, rolesOf, toMember, type Hyperedge } from "./hyperedge.js";

/** A hyperedge as read for an edit: with the id of each member's edge, which an edit rewrites or closes. */
export interface LoadedHyperedge extends Hyperedge {
  edgeOf: ReadonlyMap<string, string>;
}

/**
 * Reads hyperedges with their current members: one getNodes and one neighbours call for all ids,
 * whatever their number. Ids that are not hyperedges are skipped; order follows `ids`.
 */
export async function loadHyperedges(ctx: StructureContext, ids: readonly string[], now = ctx.now()): Promise<LoadedHyperedge[]> {
  if (ids.length === 0) return [];
  const graph = ctx.stores.graph;
  const [nodes, rows] = await Promise.all([
    graph.getNodes({ ns: ctx.ns, ids }),
    // Only member edges valid now: a member removed by an update or a merge keeps its edge, closed.
    graph.neighbors({ ns: ctx.ns, ids, direction: "out", edgeKinds: [MEMBER_EDGE], view: { validAt: now } }),
  ]);
  const edges = new Map<string, Map<string, string>>();
  for (const r of rows) {
    const of = edges.get(r.node) ?? new Map<string, string>();
    of.set(r.neighbor, r.edge);
    edges.set(r.node, of);
  }
  return nodes
    .filter((n) => n.kind === HYPEREDGE_KIND)
    .map((node) => {
      const roles = rolesOf(node);
      const edgeOf = edges.get(node.id) ?? new Map<string, string>();
      const members = [...edgeOf.keys()].sort().map((m) => toMember(m, roles[m]));
      return { id: node.id, description: node.text ?? "", members, version: node.version, node, edgeOf };
    });
}

/**
 * One hyperedge that an edit may change: it must exist (NotFoundError) and still hold — a unit merged
 * into another is history, and editing it would fork the merged unit (ValidationError on `path`).
 */
export async function loadEditable(ctx: StructureContext, id: string, path: string, context: string, now: number): Promise<LoadedHyperedge> {
  const [found] = await loadHyperedges(ctx, [id], now);
  if (!found) {
    const [other] = await ctx.stores.graph.getNodes({ ns: ctx.ns, ids: [id] });
    if (!other) throw new NotFoundError(`hyperedge "${id}" does not exist in namespace "${ctx.ns}"`);
    throw new ValidationError([{ path, message: `node "${id}" is a ${other.kind}, not a hyperedge` }], context);
  }
  if (!isCurrent(found.node, now)) {
    throw new ValidationError([{ path, message: `hyperedge "${id}" is no longer valid (merged or invalidated); edit the unit that superseded it` }], context);
  }
  return found;
}

/** One hyperedge as the public API returns it, read after a write. */
export async function loadOne(ctx: StructureContext, id: string): Promise<Hyperedge> {
  const [h] = await loadHyperedges(ctx, [id]);
  return strip(h!);
}

/** The public shape: the edge-id map is an internal detail of edits. */
export function strip(h: Hyperedge): Hyperedge {
  return { id: h.id, description: h.description, members: h.members, version: h.version, node: h.node };
}
