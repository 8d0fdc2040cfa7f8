import { visibleIn } from "../../model/time.js";
import type { MemoryNode } from "../../model/node.js";
import type { StructureContext } from "../context.js";
import { dot } from "../vector-math.js";

export interface NavigateOptions {
  /** Best-matching events to start from. */
  start?: number;
  /** Stop after accepting this many events… */
  maxEvents?: number;
  /** …or this many tokens of event text (≈ 4 characters a token). */
  maxTokens?: number;
  /** An event less relevant than this is not worth following. */
  minRelevance?: number;
  /** Relations followed, with how much of a neighbour's relevance each passes on. */
  relations?: Readonly<Record<string, number>>;
}

export interface NavigatedEvent {
  id: string;
  node: MemoryNode;
  relevance: number;
  /** How navigation got here: null for a starting event. */
  via: { from: string; relation: string } | null;
  /** Episodes it contributed that no earlier event had. */
  newEpisodes: string[];
}

const DEFAULT_RELATIONS = { causes: 1, before: 0.8, relates: 0.7 };

/**
 * Goal-directed navigation over the event graph (CompassMem §4): start from the events that best
 * match the goal, then repeatedly take the most promising frontier event, keep it only if it adds
 * relevant episodes not yet seen, and follow its relations; stop when the budget is spent or nothing
 * relevant is left. Relevance is cosine similarity to the goal; a neighbour reached over a relation
 * is scored by its own relevance times that relation's weight. One neighbours call per step.
 */
export async function navigateEvents(ctx: StructureContext, goal: string, options: NavigateOptions = {}): Promise<NavigatedEvent[]> {
  const { graph, vectors } = ctx.stores;
  if (!ctx.embed || !vectors) return [];
  const relations: Readonly<Record<string, number>> = options.relations ?? DEFAULT_RELATIONS;
  const maxEvents = options.maxEvents ?? 8;
  const maxTokens = options.maxTokens ?? 2000;
  const minRelevance = options.minRelevance ?? 0.05;
  const now = ctx.now();
  const current = { validAt: now, knownAt: now }; // one point of view for the whole walk
  const [goalVector] = await ctx.embed([goal]);
  const starts = await vectors.search({ ns: ctx.ns, vector: goalVector!, k: options.start ?? 3, kinds: ["event"] });

  const frontier = new Map<string, { score: number; relevance: number; via: NavigatedEvent["via"] }>();
  for (const hit of starts) frontier.set(hit.id, { score: hit.score, relevance: hit.score, via: null });
  const visited = new Set<string>();
  const seenEpisodes = new Set<string>();
  const accepted: NavigatedEvent[] = [];
  let tokens = 0;
  while (frontier.size > 0 && accepted.length < maxEvents && tokens < maxTokens) {
    const [id, entry] = [...frontier].sort((a, b) => b[1].score - a[1].score)[0]!;
    frontier.delete(id);
    visited.add(id);
    // Skipped, not the end: the frontier is ordered by relevance × relation weight, so an event behind this
    // one can still be relevant enough.
    if (entry.relevance < minRelevance) continue;
    const [node] = await graph.getNodes({ ns: ctx.ns, ids: [id] });
    if (!node || !visibleIn(node.time, current)) continue; // retracted or no longer valid: not evidence
    const rows = await graph.neighbors({ ns: ctx.ns, ids: [id], direction: "both", edgeKinds: ["part_of", ...Object.keys(relations)] });
    const episodes = rows.filter((r) => r.kind === "part_of" && r.direction === "in").map((r) => r.neighbor);
    const fresh = episodes.filter((e) => !seenEpisodes.has(e));
    if (fresh.length === 0) continue; // nothing new: skip it, and do not expand through it
    fresh.forEach((e) => seenEpisodes.add(e));
    accepted.push({ id, node, relevance: entry.relevance, via: entry.via, newEpisodes: fresh });
    tokens += Math.ceil((node.text?.length ?? 0) / 4);
    ctx.tracer.emit("event-navigate", { id, relevance: entry.relevance, via: entry.via, newEpisodes: fresh.length });

    const next = rows.filter((r) => r.kind !== "part_of" && !visited.has(r.neighbor) && !frontier.has(r.neighbor));
    if (next.length === 0) continue;
    const nodes = await graph.getNodes({ ns: ctx.ns, ids: next.map((r) => r.neighbor) });
    const scored = await ctx.embed(nodes.map((n) => n.text ?? ""));
    nodes.forEach((n, i) => {
      const row = next.find((r) => r.neighbor === n.id)!;
      const relevance = dot(scored[i]!, goalVector!);
      frontier.set(n.id, { score: relevance * (relations[row.kind] ?? 0), relevance, via: { from: id, relation: row.kind } });
    });
  }
  return accepted;
}
