import type { StructureContext } from "../context.js";
import { HYPEREDGE_KIND, isCurrent, memberKey } from "./hyperedge.js";
import { loadHyperedges, type LoadedHyperedge } from "./load-hyperedges.js";

/**
 * The current hyperedge over exactly this member set, if any: one attribute lookup on the member-set
 * fingerprint (an indexed property in any backend), then one read of its members to confirm.
 */
export async function findByMembers(ctx: StructureContext, ids: readonly string[], now = ctx.now()): Promise<LoadedHyperedge | undefined> {
  const key = memberKey(ids);
  const nodes = await ctx.stores.graph.findNodes({
    ns: ctx.ns, kinds: [HYPEREDGE_KIND], attrs: { memberKey: key }, view: { validAt: now }, order: "id", limit: 16,
  });
  const live = nodes.filter((n) => isCurrent(n, now));
  if (live.length === 0) return undefined;
  const wanted = [...new Set(ids)].sort().join("\u0000");
  // The oldest (lowest UUIDv7) wins, so concurrent duplicates all resolve to the same unit.
  const loaded = await loadHyperedges(ctx, live.map((n) => n.id), now);
  return loaded.find((h) => h.members.map((m) => m.id).join("\u0000") === wanted);
}

/** Groups of current hyperedges over the same member set (left by concurrent writers); merge them. */
export interface DuplicateGroup {
  memberKey: string;
  /** Ascending: the first is the oldest, the natural survivor of a merge. */
  ids: string[];
}

const PAGE = 1_000;

/** A keyset-paginated scan of the namespace's hyperedges; a maintenance call, O(hyperedges). */
export async function findDuplicates(ctx: StructureContext, now = ctx.now()): Promise<DuplicateGroup[]> {
  const groups = new Map<string, string[]>();
  let after: string | undefined;
  for (;;) {
    const page = await ctx.stores.graph.findNodes({ ns: ctx.ns, kinds: [HYPEREDGE_KIND], view: { validAt: now }, order: "id", after, limit: PAGE });
    for (const n of page) {
      const key = n.attrs["memberKey"];
      if (typeof key !== "string" || !isCurrent(n, now)) continue;
      groups.set(key, [...(groups.get(key) ?? []), n.id]);
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.id;
  }
  const out: DuplicateGroup[] = [];
  for (const [key, ids] of groups) if (ids.length > 1) out.push({ memberKey: key, ids: ids.sort() });
  return out.sort((a, b) => (a.ids[0]! < b.ids[0]! ? -1 : 1));
}
