import { ValidationError, type Issue } from "../../errors.js";
import { parseInput } from "../../model/validate.js";
import type { StructureContext } from "../context.js";
import { checkMembers } from "./check-members.js";
import { findByMembers } from "./find-by-members.js";
import { toMember, type Hyperedge, type HyperedgeMember } from "./hyperedge.js";
import { nextVersion } from "./hyperedge-write.js";
import { idSchema, updateSchema, type UpdateInput } from "./inputs.js";
import { loadEditable, loadOne, strip } from "./load-hyperedges.js";
import { memberEdgeChanges } from "./member-edges.js";

const CONTEXT = "hyperedge update";

/**
 * Revises a memory point (HGMem §3.2 step 3, "Updated Memory Points"): new members, members that
 * left, a new description — one new version, with `reason` on it. HGMem removes the old point and
 * upserts the new one; we keep the id and the history instead, so whatever cited the unit still does.
 * An update that would make the unit a twin of another (same member set) is refused: merge them.
 */
export async function updateHyperedge(ctx: StructureContext, id: string, patch: UpdateInput): Promise<Hyperedge> {
  parseInput(idSchema, id, CONTEXT, "id");
  const p = parseInput(updateSchema, patch, CONTEXT, "patch");
  const now = ctx.now();
  const current = await loadEditable(ctx, id, "id", CONTEXT, now);

  const next = new Map<string, HyperedgeMember>(current.members.map((m) => [m.id, m]));
  const issues: Issue[] = [];
  (p.removeMembers ?? []).forEach((m, i) => {
    if (!next.delete(m)) issues.push({ path: `patch.removeMembers[${i}]`, message: `"${m}" is not a member of hyperedge "${id}"` });
  });
  for (const m of p.addMembers ?? []) next.set(m.id, toMember(m.id, m.role));
  if (issues.length === 0 && next.size < 2) issues.push({ path: "patch.removeMembers", message: "a hyperedge keeps at least 2 members" });
  if (issues.length > 0) throw new ValidationError(issues, CONTEXT);
  const added = (p.addMembers ?? []).map((m) => toMember(m.id, m.role));
  await checkMembers(ctx, added, "patch.addMembers", CONTEXT, id);

  const members = [...next.values()];
  const setChanged = members.length !== current.members.length || members.some((m) => !current.edgeOf.has(m.id));
  if (setChanged) {
    const twin = await findByMembers(ctx, members.map((m) => m.id), now);
    if (twin && twin.id !== id) {
      throw new ValidationError([{ path: p.addMembers ? "patch.addMembers" : "patch.removeMembers", message: `would duplicate hyperedge "${twin.id}" (same members); merge them instead` }], CONTEXT);
    }
  }
  const edges = await memberEdgeChanges(ctx, current, members, now);
  const description = p.description ?? current.description;
  if (edges.length === 0 && description === current.description) {
    ctx.tracer.emit("hyperedge-update", { id, outcome: "unchanged" });
    return strip(current);
  }
  const reason = p.reason ?? "hyperedge updated";
  await ctx.commit([nextVersion(ctx, current.node, { text: description, members }, ctx.change(reason))], edges);
  ctx.tracer.emit("hyperedge-update", {
    id, outcome: "updated", reason, version: current.version + 1,
    added: members.filter((m) => !current.edgeOf.has(m.id)).map((m) => m.id), removed: p.removeMembers ?? [],
    description: description !== current.description,
  });
  return loadOne(ctx, id);
}
