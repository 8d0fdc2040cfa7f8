import { ValidationError } from "../../errors.js";
import type { EdgeWrite } from "../../model/edge.js";
import { parseInput } from "../../model/validate.js";
import type { StructureContext } from "../context.js";
import { SUPERSEDES_EDGE, type Hyperedge, type HyperedgeMember } from "./hyperedge.js";
import { nextVersion } from "./hyperedge-write.js";
import { idSchema, mergeSchema, type MergeInput } from "./inputs.js";
import { loadEditable, loadOne } from "./load-hyperedges.js";
import { findByMembers } from "./find-by-members.js";
import { memberEdgeChanges } from "./member-edges.js";

const CONTEXT = "hyperedge merge";

/**
 * Merges two memory points into one (HGMem §3.2 step 4, "reorganize"): members = the union,
 * description = the one given (default: both descriptions, a's first).
 *
 * The merged unit keeps a's id, as a new version of a: ids are promised stable forever, so whatever
 * cited a keeps pointing at the live unit, and a's history tells the story. b is never deleted: its
 * validity window closes (validTo = now) along with its member edges, a `supersedes` edge a → b records
 * where it went, and "as of" reads before the merge still see it. All of it is one atomic commit.
 * For a vertex in both, a's role wins; b's fills a gap. b's closing is written as its next version in
 * the same batch rather than through GraphStore.invalidate, which would be a second transaction.
 */
export async function mergeHyperedges(ctx: StructureContext, a: string, b: string, options: MergeInput = {}): Promise<Hyperedge> {
  parseInput(idSchema, a, CONTEXT, "a");
  parseInput(idSchema, b, CONTEXT, "b");
  const o = parseInput(mergeSchema, options, CONTEXT, "options");
  if (a === b) throw new ValidationError([{ path: "b", message: "cannot merge a hyperedge with itself" }], CONTEXT);
  const now = ctx.now();
  const into = await loadEditable(ctx, a, "a", CONTEXT, now);
  const from = await loadEditable(ctx, b, "b", CONTEXT, now);

  const members = new Map<string, HyperedgeMember>(into.members.map((m) => [m.id, m]));
  for (const m of from.members) {
    const mine = members.get(m.id);
    if (!mine) members.set(m.id, m);
    else if (mine.role === undefined && m.role !== undefined) members.set(m.id, m);
  }
  // Neither unit can be a member of the merged one (a in b's members would make a its own member),
  // and the merged set must not be another live unit's: the same rules as `update`.
  const union = [...members.values()].filter((m) => m.id !== a && m.id !== b);
  if (union.length < 2) throw new ValidationError([{ path: "b", message: "the merged hyperedge would keep fewer than 2 members besides the two units" }], CONTEXT);
  const twin = await findByMembers(ctx, union.map((m) => m.id), now);
  if (twin && twin.id !== a && twin.id !== b) {
    throw new ValidationError([{ path: "b", message: `the merged members are those of hyperedge "${twin.id}": merge that one too` }], CONTEXT);
  }
  const description = o.description ?? (into.description === from.description ? into.description : `${into.description}\n${from.description}`);
  const reason = o.reason ?? `merged hyperedge ${b}`;

  const edges: EdgeWrite[] = [
    ...(await memberEdgeChanges(ctx, into, union, now)),
    ...(await memberEdgeChanges(ctx, from, [], now)),
    {
      id: ctx.newId(), ns: ctx.ns, kind: SUPERSEDES_EDGE, from: a, to: b, weight: 1, attrs: { reason },
      source: ctx.source, time: { validFrom: now, validTo: null },
    },
  ];
  await ctx.commit(
    [
      nextVersion(ctx, into.node, { text: description, members: union }, ctx.change(reason)),
      nextVersion(ctx, from.node, { validTo: now }, ctx.change(`merged into hyperedge ${a}`)),
    ],
    edges,
  );
  ctx.tracer.emit("hyperedge-merge", {
    into: a, from: b, reason, members: union.map((m) => m.id),
    added: from.members.filter((m) => !into.edgeOf.has(m.id)).map((m) => m.id),
  });
  return loadOne(ctx, a);
}
