import type { EdgeWrite, MemoryEdge } from "../model/edge.js";
import type { MemoryNode, NodeWrite } from "../model/node.js";
import type { StructureContext } from "../structures/context.js";

/** Which of an episode's structures are being rebuilt, so which to close. */
export interface Rebuilding {
  mentions: boolean;
  hyperedges: boolean;
  notes: boolean;
}

/** Edges read per page while collecting an episode's structures (an episode has a handful). */
const PAGE = 500;

/**
 * What an episode's old text built, closed as of now so the rebuilt structures replace it: its
 * `mentions` edges (for entities and hyperedges), the hyperedge units it is the source member of and
 * their member edges, and the notes `derived_from` it, with their edges. Nothing is deleted (history
 * and `knownAt` views still show what the old text said); the writes join the ingest's one commit.
 * Entities stay: other episodes may mention them. The episode's event stays too: membership follows
 * the thread and time, which a rewrite does not change.
 */
export async function retireDerived(
  ctx: StructureContext, episodes: readonly NodeWrite[], rebuilding: Rebuilding,
): Promise<{ nodes: NodeWrite[]; edges: EdgeWrite[]; retired: number }> {
  const now = ctx.now();
  const change = ctx.change("its episode's text changed: rebuilt from the new text");
  const edges = new Map<string, MemoryEdge>();
  const nodeIds = new Set<string>();
  for (const episode of episodes) {
    for (const e of await validEdges(ctx, episode.id, now, ["mentions", "member", "derived_from"])) {
      if (e.kind === "mentions" && e.from === episode.id && rebuilding.mentions) edges.set(e.id, e);
      if (e.kind === "member" && e.to === episode.id && e.attrs["role"] === "source" && rebuilding.hyperedges) nodeIds.add(e.from);
      if (e.kind === "derived_from" && e.to === episode.id && rebuilding.notes) nodeIds.add(e.from);
    }
  }
  const derived = (await ctx.stores.graph.getNodes({ ns: ctx.ns, ids: [...nodeIds] }))
    .filter((n) => n.time.expiredAt === null && (n.time.validTo === null || n.time.validTo > now));
  for (const n of derived) for (const e of await validEdges(ctx, n.id, now)) edges.set(e.id, e);
  return { nodes: derived.map((n) => closedNode(n, now, change)), edges: [...edges.values()].map((e) => closedEdge(e, now)), retired: derived.length };
}

/** The node's edges valid and known now, every page. */
async function validEdges(ctx: StructureContext, nodeId: string, now: number, kinds?: readonly string[]): Promise<MemoryEdge[]> {
  const out: MemoryEdge[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await ctx.stores.graph.findEdges({ ns: ctx.ns, nodeId, ...(kinds ? { kinds } : {}), view: { validAt: now, knownAt: now }, limit: PAGE, ...(after ? { after } : {}) });
    out.push(...page);
    if (page.length < PAGE) return out;
    after = page.at(-1)!.id;
  }
}

function closedNode(n: MemoryNode, now: number, change: NodeWrite["change"]): NodeWrite {
  return { id: n.id, ns: n.ns, kind: n.kind, text: n.text, attrs: n.attrs, source: n.source, time: { at: n.time.at, validFrom: n.time.validFrom, validTo: now }, change };
}

function closedEdge(e: MemoryEdge, now: number): EdgeWrite {
  return { id: e.id, ns: e.ns, kind: e.kind, from: e.from, to: e.to, weight: e.weight, attrs: e.attrs, source: e.source, time: { validFrom: e.time.validFrom, validTo: now } };
}
