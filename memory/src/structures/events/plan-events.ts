import type { EdgeWrite } from "../../model/edge.js";
import { spokenText, textAttr, type MemoryNode, type NodeWrite } from "../../model/node.js";
import type { Extraction } from "../../ports/extractor.js";
import type { StructureContext } from "../context.js";
import { segmentEpisodes, type OpenEvent, type SegmentOptions } from "./segment.js";

export interface EventPlan {
  nodes: NodeWrite[];
  edges: EdgeWrite[];
  /** Event ids in temporal order, with the reason each started. */
  events: { id: string; episodes: string[]; reason: string }[];
}

/**
 * Cues that point back at what came before ("…, that's why we moved"), looked for in the event's
 * opening sentence only: "thanks to a discount" or "so that" later in a turn name a cause or a
 * purpose inside the turn itself, not the previous event.
 */
const CAUSAL_CUE = /\b(because|that's why|that is why|as a result|which is why|therefore|consequently)\b/i;
/** Up to the first sentence end: ".", "!" or "?" before a space, not after a title or a common abbreviation ("Dr. Okafor"). */
const openingSentence = (text: string) => text.split(/(?<!\b(?:Dr|Mr|Mrs|Ms|Mx|Prof|St|Jr|Sr|vs|etc|e\.g|i\.e|[A-Z])\.)(?<=[.!?])\s/, 1)[0] ?? "";
export const MAX_EVENT_TEXT = 2000;

/**
 * Turns episodes (sorted by time within their threads) into event nodes: a summary, participants,
 * time span and `part_of` edges from their episodes; `before` edges in temporal order within a
 * thread (also to the thread's last stored event), `relates` edges between events sharing an entity,
 * and `causes` edges where an event opens with a causal cue. An LLM can add causal relations later.
 */
export async function planEvents(
  ctx: StructureContext,
  episodes: readonly MemoryNode[],
  extractions: readonly Extraction[],
  vectors: readonly Float32Array[],
  options: SegmentOptions = {},
): Promise<EventPlan> {
  const terms = extractions.map((x) => [...x.entities.map((e) => e.key), ...x.keywords.slice(0, 5)]);
  const tails = await storedTails(ctx, episodes);
  const segments = segmentEpisodes(
    episodes.map((e, i) => ({ id: e.id, at: e.time.at ?? 0, thread: textAttr(e.attrs, "thread"), session: textAttr(e.attrs, "session"), vector: vectors[i]!, terms: terms[i]!, source: e.source.id })),
    options,
    new Map([...tails].flatMap(([thread, tail]) => {
      const open = tail && openEvent(tail);
      return open ? [[thread, open] as const] : [];
    })),
  );
  const plan: EventPlan = { nodes: [], edges: [], events: [] };
  const lastInThread = new Map([...tails].map(([thread, tail]) => [thread, tail?.id]));
  const lastWithEntity = new Map<string, string>();
  // Stored events this batch extends: two of them were related when the later one was made.
  const extended = new Set<string>();
  for (const segment of segments) {
    const members = segment.episodes.map((i) => episodes[i]!);
    const found = segment.episodes.map((i) => extractions[i]!);
    const thread = textAttr(members[0]!.attrs, "thread");
    const stored = segment.continues ? tails.get(thread ?? "") : undefined;
    const id = stored?.id ?? ctx.newId();
    const participants = unique([...listAttr(stored, "participants"), ...members.map((m) => textAttr(m.attrs, "speaker")).filter((s): s is string => !!s)]);
    const entities = unique([...listAttr(stored, "entities"), ...found.flatMap((x) => x.entities.map((e) => e.key))]);
    // An extended event keeps the topic it started with, then takes the new episodes' terms.
    const keywords = unique([...listAttr(stored, "keywords"), ...topTerms(found.flatMap((x) => x.keywords), 6)]).slice(0, 6);
    const start = stored ? Number(stored.attrs["start"]) : (members[0]!.time.at ?? ctx.now());
    // The latest episode, not the last listed: a batch may arrive out of order, and `end` decides what may extend it.
    const end = Math.max(stored ? Number(stored.attrs["end"]) : start, ...members.map((m) => m.time.at ?? start));
    const summary = `${participants.join(" and ") || "Someone"}: ${keywords.join(", ") || "conversation"} (${new Date(start).toISOString().slice(0, 10)})`;
    const before = stored ? `${(stored.text ?? "").split("\n").slice(1).join("\n")}\n` : "";
    const body = before + members.map((m) => spokenText(m.attrs, m.text ?? "")).join("\n");
    const held = segment.continues?.episodes ?? 0;
    plan.nodes.push({
      id, ns: ctx.ns, kind: "event", text: `${summary}\n${body}`.slice(0, MAX_EVENT_TEXT),
      attrs: {
        ...stored?.attrs, // what an application set on it stays
        summary, participants, entities, keywords, start, end, episodes: held + members.length, ...(thread ? { thread } : {}),
        session: textAttr(members[0]!.attrs, "session") ?? null, ...(stored ? {} : { segmentReason: segment.reason }),
      },
      source: stored?.source ?? members[0]!.source, time: { at: start, validFrom: stored?.time.validFrom ?? null, validTo: stored?.time.validTo ?? null },
      change: ctx.change(stored ? "event continued" : `event segmented (${segment.reason})`), expectedVersion: stored?.version ?? 0,
    });
    for (const m of members) plan.edges.push(edge(ctx, "part_of", m.id, id, 1));
    if (stored) extended.add(id);
    const key = thread ?? "";
    const previous = stored ? undefined : lastInThread.get(key);
    if (previous) {
      plan.edges.push(edge(ctx, "before", previous, id, 1));
      const cue = CAUSAL_CUE.exec(openingSentence(members[0]!.text ?? ""))?.[1];
      if (cue) plan.edges.push(edge(ctx, "causes", previous, id, 0.5, { cue: cue.toLowerCase() }));
    }
    lastInThread.set(key, id);
    for (const entity of entities) {
      const other = lastWithEntity.get(entity);
      if (other && other !== id && !(extended.has(other) && extended.has(id))) plan.edges.push(edge(ctx, "relates", other, id, 0.5, { entity }));
      lastWithEntity.set(entity, id);
    }
    plan.events.push({ id, episodes: members.map((m) => m.id), reason: segment.reason });
    ctx.tracer.emit("event-segment", { id, episodes: members.length, reason: segment.reason, participants, span: [start, end] });
  }
  return plan;
}

/** Per thread of the batch, its latest stored event that is still current (the tail `before` edges start from). */
async function storedTails(ctx: StructureContext, episodes: readonly MemoryNode[]): Promise<Map<string, MemoryNode | undefined>> {
  const tails = new Map<string, MemoryNode | undefined>();
  for (const thread of new Set(episodes.map((e) => textAttr(e.attrs, "thread")))) {
    if (thread === undefined) continue;
    const now = ctx.now();
    const [last] = await ctx.stores.graph.findNodes({ ns: ctx.ns, kinds: ["event"], attrs: { thread }, view: { validAt: now, knownAt: now }, order: "latest", limit: 1 });
    tails.set(thread, last);
  }
  return tails;
}

/** What extending needs of a stored event; none for an event without its span and count (one an application wrote). */
function openEvent(tail: MemoryNode): OpenEvent | undefined {
  const [start, end, episodes] = ["start", "end", "episodes"].map((k) => tail.attrs[k]);
  if (![start, end, episodes].every((x) => typeof x === "number" && Number.isFinite(x))) return undefined;
  return {
    id: tail.id, session: textAttr(tail.attrs, "session"), end: end as number, episodes: episodes as number,
    terms: [...listAttr(tail, "entities"), ...listAttr(tail, "keywords")], source: tail.source.id,
  };
}

function listAttr(node: MemoryNode | undefined, key: string): string[] {
  const value = node?.attrs[key];
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === "string") : [];
}

function edge(ctx: StructureContext, kind: string, from: string, to: string, weight: number, attrs: Record<string, unknown> = {}): EdgeWrite {
  return { id: ctx.newId(), ns: ctx.ns, kind, from, to, weight, attrs, source: ctx.source, time: { validFrom: null, validTo: null } };
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

function topTerms(terms: readonly string[], n: number): string[] {
  const counts = new Map<string, number>();
  for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n).map(([t]) => t);
}
