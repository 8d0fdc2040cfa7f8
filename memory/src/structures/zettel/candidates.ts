import { visibleIn } from "../../model/time.js";
import type { MemoryNode } from "../../model/node.js";
import type { StructureContext } from "../context.js";
import { dot } from "../vector-math.js";
import type { CandidateView } from "./link-decision.js";
import { attributesOf, type NoteAttributes } from "./note-attributes.js";

const PENDING_WINDOW = 256;

/** A note written earlier in the same batch: not in the store yet, but a valid neighbour. */
export interface PendingNote {
  id: string;
  text: string;
  attributes: NoteAttributes;
  vector: Float32Array;
}

/**
 * Link candidates for a new note (A-MEM §3.2): its nearest notes by embedding, plus notes sharing
 * its keywords (BM25 over the keywords), from the store and from the current batch. Returns views
 * with real ids — never positions — and the stored nodes, so updates can be version-checked.
 */
export async function findCandidates(
  ctx: StructureContext,
  note: { id: string; vector: Float32Array; attributes: NoteAttributes },
  pending: { list: readonly PendingNote[]; byId: ReadonlyMap<string, PendingNote> },
  k: number,
  hidden: ReadonlySet<string> = new Set(),
): Promise<{ views: CandidateView[]; stored: Map<string, MemoryNode> }> {
  const similarity = new Map<string, number>();
  const { vectors, text } = ctx.stores;
  // Hidden notes are asked for on top, so k remain after they are left out.
  const byVector = vectors ? await vectors.search({ ns: ctx.ns, vector: note.vector, k: k + hidden.size, kinds: ["note"] }) : [];
  for (const hit of byVector) if (!hidden.has(hit.id)) similarity.set(hit.id, hit.score);
  // The batch's most recent notes only: comparing with all of a 1,000-note batch made ingest quadratic.
  const recent = pending.list.slice(-PENDING_WINDOW);
  for (const p of recent) similarity.set(p.id, dot(p.vector, note.vector));
  const nearest = [...similarity].sort((a, b) => b[1] - a[1]).slice(0, k).map(([id]) => id);
  // Shared-keyword candidates catch what the embedding misses. When a nearest note already shares a
  // keyword with this one, a BM25 pass would mostly find the same notes again — at the cost of scoring
  // every note containing those words — so it runs only when none does.
  const keywords = note.attributes.keywords;
  const pendingShare = recent.some((p) => nearest.includes(p.id) && p.attributes.keywords.some((kw) => keywords.includes(kw)));
  const recentIds = new Set(recent.map((p) => p.id));
  const nearestShare = pendingShare || (await sharesKeywords(ctx, nearest.filter((id) => !recentIds.has(id)), keywords)) > 0;
  const byKeyword = text && keywords.length > 0 && !nearestShare
    ? await text.search({ ns: ctx.ns, query: keywords.slice(0, 3).join(" "), k: k + hidden.size, kinds: ["note"] })
    : [];
  const ids = [...new Set([...nearest, ...byKeyword.map((h) => h.id)])].filter((id) => id !== note.id && !hidden.has(id));

  // The batch's notes by id, kept by the caller: a map made here per note made a batch quadratic.
  const storedIds = ids.filter((id) => !pending.byId.has(id));
  // Only what is believed and holds now: a retracted or invalidated note must not be linked to, or evolved.
  const now = ctx.now();
  const current = (await ctx.stores.graph.getNodes({ ns: ctx.ns, ids: storedIds })).filter((n) => visibleIn(n.time, { validAt: now, knownAt: now }));
  const stored = new Map(current.map((n) => [n.id, n]));
  const views: CandidateView[] = [];
  for (const id of ids) {
    const p = pending.byId.get(id);
    const n = stored.get(id);
    if (!p && !n) continue; // a stale index entry, or a note no longer current: the graph is the truth
    const attributes = p ? p.attributes : attributesOf(n!.attrs);
    views.push({
      id, text: p ? p.text : n!.text ?? "", ...attributes,
      similarity: similarity.get(id) ?? 0,
      sharedKeywords: attributes.keywords.filter((kw) => note.attributes.keywords.includes(kw)),
    });
  }
  return { views, stored };
}

async function sharesKeywords(ctx: StructureContext, ids: readonly string[], keywords: readonly string[]): Promise<number> {
  if (ids.length === 0 || keywords.length === 0) return 0;
  const nodes = await ctx.stores.graph.getNodes({ ns: ctx.ns, ids });
  return nodes.filter((n) => attributesOf(n.attrs).keywords.some((kw) => keywords.includes(kw))).length;
}
