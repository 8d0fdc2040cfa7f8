import type { MemoryNode } from "../../model/node.js";
import type { StructureContext } from "../context.js";
import { dot } from "../vector-math.js";
import type { CandidateView } from "./link-decision.js";
import { attributesOf, type NoteAttributes } from "./note-attributes.js";

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
  pending: readonly PendingNote[],
  k: number,
): Promise<{ views: CandidateView[]; stored: Map<string, MemoryNode> }> {
  const similarity = new Map<string, number>();
  const { vectors, text } = ctx.stores;
  const [byVector, byKeyword] = await Promise.all([
    vectors ? vectors.search({ ns: ctx.ns, vector: note.vector, k, kinds: ["note"] }) : [],
    text && note.attributes.keywords.length > 0 ? text.search({ ns: ctx.ns, query: note.attributes.keywords.join(" "), k, kinds: ["note"] }) : [],
  ]);
  for (const hit of byVector) similarity.set(hit.id, hit.score);
  for (const p of pending) similarity.set(p.id, dot(p.vector, note.vector));
  const nearest = [...similarity].sort((a, b) => b[1] - a[1]).slice(0, k).map(([id]) => id);
  const ids = [...new Set([...nearest, ...byKeyword.map((h) => h.id)])].filter((id) => id !== note.id);

  const pendingById = new Map(pending.map((p) => [p.id, p]));
  const storedIds = ids.filter((id) => !pendingById.has(id));
  const stored = new Map((await ctx.stores.graph.getNodes({ ns: ctx.ns, ids: storedIds })).map((n) => [n.id, n]));
  const views: CandidateView[] = [];
  for (const id of ids) {
    const p = pendingById.get(id);
    const n = stored.get(id);
    if (!p && !n) continue; // a stale index entry: the graph is the truth
    const attributes = p ? p.attributes : attributesOf(n!.attrs);
    views.push({
      id, text: p ? p.text : n!.text ?? "", ...attributes,
      similarity: similarity.get(id) ?? 0,
      sharedKeywords: attributes.keywords.filter((kw) => note.attributes.keywords.includes(kw)),
    });
  }
  return { views, stored };
}
