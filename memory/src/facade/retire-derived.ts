import type { EdgeWrite, MemoryEdge } from "../model/edge.js";
import type { Change, MemoryNode, NodeWrite } from "../model/node.js";
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
 * What an episode's old words built, closed as of now so the rebuilt structures replace it: its
 * `mentions` edges, the hyperedge unit it is the only source member of (with the unit's member edges),
 * and the notes `derived_from` it (with their edges). Nothing is deleted: history and views from before
 * keep them, and the writes join the ingest's one commit. Left as they are: entities (other episodes
 * may mention them); a unit with other source members (merged or edited by an application: it is
 * theirs now); the episode's place in its thread and event, which follow order and time.
 *
 * A closing version is recorded under the rewritten episode's source where the node's own differs, so
 * erasing whoever rewrote the episode reopens what the rewrite closed (closed edges have no history and
 * stay closed).
 */
export async function retireDerived(
  ctx: StructureContext, episodes: readonly NodeWrite[], rebuilding: Rebuilding,
): Promise<{ nodes: NodeWrite[]; edges: EdgeWrite[]; retired: number }> {
  const now = ctx.now();
  const change = ctx.change("its episode's words changed: rebuilt from the new text");
  const edges = new Map<string, MemoryEdge>();
  const notes = new Map<string, string>(); // node id → the source of the episode that retires it
  const units = new Map<string, string>();
  for (const episode of episodes) {
    for (const e of await validEdges(ctx, episode.id, now, ["mentions", "member", "derived_from"])) {
      if (e.kind === "mentions" && e.from === episode.id && rebuilding.mentions) edges.set(e.id, e);
      if (e.kind === "member" && e.to === episode.id && e.attrs["role"] === "source" && rebuilding.hyperedges) units.set(e.from, episode.source.id);
      if (e.kind === "derived_from" && e.to === episode.id && rebuilding.notes) notes.set(e.from, episode.source.id);
    }
  }
  const closing: NodeWrite[] = [];
  const current = await ctx.stores.graph.getNodes({ ns: ctx.ns, ids: [...notes.keys(), ...units.keys()] });
  for (const n of current.filter((x) => x.time.expiredAt === null && (x.time.validTo === null || x.time.validTo > now))) {
    const isUnit = units.has(n.id);
    const own = isUnit ? (await validEdges(ctx, n.id, now, ["member"])).filter((e) => e.from === n.id) : await validEdges(ctx, n.id, now);
    if (isUnit && own.filter((e) => e.attrs["role"] === "source").length > 1) continue;
    for (const e of own) edges.set(e.id, e);
    closing.push(closedNode(n, now, change, (isUnit ? units : notes).get(n.id)!));
  }
  return { nodes: closing, edges: [...edges.values()].map((e) => closedEdge(e, now)), retired: closing.length };
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

function closedNode(n: MemoryNode, now: number, change: Change, by: string): NodeWrite {
  return {
    id: n.id, ns: n.ns, kind: n.kind, text: n.text, attrs: n.attrs, source: n.source,
    time: { at: n.time.at, validFrom: n.time.validFrom, validTo: now },
    change: by === n.source.id ? change : { ...change, sourceId: by },
  };
}

function closedEdge(e: MemoryEdge, now: number): EdgeWrite {
  return { ...e, time: { validFrom: e.time.validFrom, validTo: now } };
}
