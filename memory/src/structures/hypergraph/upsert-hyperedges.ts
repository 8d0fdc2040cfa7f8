import { ValidationError, type Issue } from "../../errors.js";
import type { EdgeWrite } from "../../model/edge.js";
import type { NodeWrite } from "../../model/node.js";
import type { StructureContext } from "../context.js";
import { HYPEREDGE_KIND, MEMBER_EDGE, isCurrent, memberKey, toMember, type Hyperedge, type HyperedgeMember } from "./hyperedge.js";
import { newHyperedgeNode, nextVersion } from "./hyperedge-write.js";
import { loadHyperedges, strip, type LoadedHyperedge } from "./load-hyperedges.js";
import { memberEdge, memberEdgeChanges } from "./member-edges.js";
import type { z } from "zod";
import type { insertSchema } from "./inputs.js";

export interface InsertResult {
  hyperedge: Hyperedge;
  /** "created" a new unit; "updated" the unit over the same member set; "unchanged": it already said this. */
  outcome: "created" | "updated" | "unchanged";
}

export type ParsedInsert = z.output<typeof insertSchema>;

/**
 * Inserts memory points (HGMem §3.2 step 3, "Inserted Memory Points") in ONE atomic commit. A unit is
 * identified by its member set, as in HGMem's code: inserting the same set again updates that unit's
 * description and roles (a new version) instead of adding a duplicate, and inserting exactly what is
 * stored is a no-op. Within one call, later inputs over the same set win.
 *
 * Reads are per batch, not per input: one getNodes for every member, one in-neighbour call over the
 * members' `member` edges to find the units that could match, one read of those units.
 * `path(i)` prefixes issue paths ("" for a single insert, "hyperedges[3]." for a batch).
 */
export async function upsertHyperedges(ctx: StructureContext, inputs: readonly ParsedInsert[], path: (i: number) => string, context: string): Promise<InsertResult[]> {
  const wanted = inputs.map((p) => ({ members: p.members.map((m) => toMember(m.id, m.role)), description: p.description, reason: p.reason }));
  await checkAllMembers(ctx, wanted.map((w) => w.members), path, context);
  const now = ctx.now();
  const existing = await findExisting(ctx, wanted.map((w) => w.members.map((m) => m.id)), now);

  // Same set twice in one call: one unit, the later input wins.
  const byKey = new Map<string, { index: number; members: HyperedgeMember[]; description: string; reason?: string }>();
  wanted.forEach((w, index) => byKey.set(memberKey(w.members.map((m) => m.id)), { index, ...w }));

  const nodes: NodeWrite[] = [];
  const edges: EdgeWrite[] = [];
  const outcome = new Map<string, { id: string; outcome: InsertResult["outcome"] }>();
  const events: Record<string, unknown>[] = [];
  for (const [key, w] of byKey) {
    const memberIds = w.members.map((m) => m.id);
    const found = existing.get(key);
    if (!found) {
      const id = ctx.newId();
      nodes.push(newHyperedgeNode(ctx, id, w.description, w.members, ctx.change(w.reason ?? "hyperedge inserted"), now));
      edges.push(...w.members.map((m) => memberEdge(ctx, id, m, now)));
      outcome.set(key, { id, outcome: "created" });
      events.push({ id, outcome: "created", members: memberIds });
      continue;
    }
    const changes = await memberEdgeChanges(ctx, found, w.members, now);
    if (changes.length === 0 && found.description === w.description) {
      outcome.set(key, { id: found.id, outcome: "unchanged" });
      events.push({ id: found.id, outcome: "unchanged", members: memberIds });
      continue;
    }
    const change = ctx.change(w.reason ?? "hyperedge re-inserted over the same members");
    nodes.push(nextVersion(ctx, found.node, { text: w.description, members: w.members }, change));
    edges.push(...changes);
    outcome.set(key, { id: found.id, outcome: "updated" });
    events.push({ id: found.id, outcome: "updated", members: memberIds, version: found.version + 1 });
  }
  if (nodes.length > 0) await ctx.commit(nodes, edges);
  for (const e of events) ctx.tracer.emit("hyperedge-insert", e);

  const ids = [...new Set([...outcome.values()].map((o) => o.id))];
  const loaded = new Map((await loadHyperedges(ctx, ids)).map((h) => [h.id, strip(h)]));
  return wanted.map((w) => {
    const o = outcome.get(memberKey(w.members.map((m) => m.id)))!;
    return { hyperedge: loaded.get(o.id)!, outcome: o.outcome };
  });
}

/** Every member of every input must be a node of this namespace: one getNodes, each bad id at its path. */
async function checkAllMembers(ctx: StructureContext, sets: readonly HyperedgeMember[][], path: (i: number) => string, context: string): Promise<void> {
  const ids = [...new Set(sets.flatMap((s) => s.map((m) => m.id)))];
  const known = new Set((await ctx.stores.graph.getNodes({ ns: ctx.ns, ids })).map((n) => n.id));
  const issues: Issue[] = [];
  sets.forEach((set, i) => set.forEach((m, j) => {
    if (!known.has(m.id)) issues.push({ path: `${path(i)}members[${j}].id`, message: `node "${m.id}" does not exist in namespace "${ctx.ns}"` });
  }));
  if (issues.length > 0) throw new ValidationError(issues, context);
}

/**
 * memberKey → the current unit over exactly that set. A unit over a set contains each of its members,
 * so the candidates are the units incident to the members (one call for all inputs); only those incident
 * to every member of some input are read, and the oldest match wins, as in `findByMembers`.
 */
async function findExisting(ctx: StructureContext, sets: readonly string[][], now: number): Promise<Map<string, LoadedHyperedge>> {
  const all = [...new Set(sets.flat())];
  const rows = await ctx.stores.graph.neighbors({ ns: ctx.ns, ids: all, direction: "in", edgeKinds: [MEMBER_EDGE], view: { validAt: now } });
  const incident = new Map<string, Set<string>>(); // hyperedge → batch members it joins
  for (const r of rows) {
    const set = incident.get(r.neighbor) ?? new Set<string>();
    set.add(r.node);
    incident.set(r.neighbor, set);
  }
  const byMember = new Map<string, string[]>();
  for (const r of rows) byMember.set(r.node, [...(byMember.get(r.node) ?? []), r.neighbor]);
  const candidates = new Set<string>();
  for (const s of sets) {
    for (const h of byMember.get(s[0]!) ?? []) if (s.every((m) => incident.get(h)!.has(m))) candidates.add(h);
  }
  const keys = new Set(sets.map((s) => memberKey(s)));
  const found = new Map<string, LoadedHyperedge>();
  for (const h of await loadHyperedges(ctx, [...candidates].sort(), now)) {
    if (h.node.kind !== HYPEREDGE_KIND || !isCurrent(h.node, now)) continue;
    const key = memberKey(h.members.map((m) => m.id));
    if (keys.has(key) && !found.has(key)) found.set(key, h);
  }
  return found;
}
