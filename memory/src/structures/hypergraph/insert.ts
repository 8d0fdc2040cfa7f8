import { parseInput } from "../../model/validate.js";
import type { StructureContext } from "../context.js";
import { checkMembers } from "./check-members.js";
import { findByMembers } from "./find-by-members.js";
import { toMember, type Hyperedge, type HyperedgeMember } from "./hyperedge.js";
import { newHyperedgeNode, nextVersion } from "./hyperedge-write.js";
import { loadOne, strip } from "./load-hyperedges.js";
import { memberEdge, memberEdgeChanges } from "./member-edges.js";
import { insertSchema, type InsertInput } from "./inputs.js";

export interface InsertResult {
  hyperedge: Hyperedge;
  /** "created" a new unit; "updated" the unit over the same member set; "unchanged": it already said this. */
  outcome: "created" | "updated" | "unchanged";
}

/**
 * Inserts a memory point (HGMem §3.2 step 3, "Inserted Memory Points"). A unit is identified by its
 * member set, as in HGMem's code: inserting the same set again updates that unit's description and
 * roles (a new version) instead of adding a duplicate, and inserting exactly what is stored is a no-op.
 */
export async function insertHyperedge(ctx: StructureContext, input: InsertInput): Promise<InsertResult> {
  const parsed = parseInput(insertSchema, input, "hyperedge insert");
  const members: HyperedgeMember[] = parsed.members.map((m) => toMember(m.id, m.role));
  await checkMembers(ctx, members, "members", "hyperedge insert");
  const now = ctx.now();
  const existing = await findByMembers(ctx, members.map((m) => m.id), now);
  const memberIds = members.map((m) => m.id);

  if (!existing) {
    const id = ctx.newId();
    const node = newHyperedgeNode(ctx, id, parsed.description, members, ctx.change(parsed.reason ?? "hyperedge inserted"), now);
    await ctx.commit([node], members.map((m) => memberEdge(ctx, id, m, now)));
    ctx.tracer.emit("hyperedge-insert", { id, outcome: "created", members: memberIds });
    return { hyperedge: await loadOne(ctx, id), outcome: "created" };
  }

  const edges = await memberEdgeChanges(ctx, existing, members, now);
  if (edges.length === 0 && existing.description === parsed.description) {
    ctx.tracer.emit("hyperedge-insert", { id: existing.id, outcome: "unchanged", members: memberIds });
    return { hyperedge: strip(existing), outcome: "unchanged" };
  }
  const change = ctx.change(parsed.reason ?? "hyperedge re-inserted over the same members");
  await ctx.commit([nextVersion(ctx, existing.node, { text: parsed.description, members }, change)], edges);
  ctx.tracer.emit("hyperedge-insert", { id: existing.id, outcome: "updated", members: memberIds, version: existing.version + 1 });
  return { hyperedge: await loadOne(ctx, existing.id), outcome: "updated" };
}
