import type { EdgeWrite } from "../model/edge.js";
import { spokenText, textAttr, type MemoryNode, type NodeWrite } from "../model/node.js";
import type { Embedder } from "../ports/embedder.js";
import type { Extraction, Extractor } from "../ports/extractor.js";
import type { StructureContext } from "../structures/context.js";
import type { DocSource } from "./text-docs.js";
import { entityId } from "../structures/entity-id.js";
import { planEvents } from "../structures/events/plan-events.js";
import { newHyperedgeNode } from "../structures/hypergraph/hyperedge-write.js";
import { memberEdge } from "../structures/hypergraph/member-edges.js";
import type { LinkDecider } from "../structures/zettel/link-decision.js";
import { Zettelkasten } from "../structures/zettel/zettelkasten.js";
import type { CommitOptions } from "./commit-options.js";
import { refreshEventText } from "./refresh-event-text.js";
import { retireDerived } from "./retire-derived.js";

export const STRUCTURES = ["entities", "events", "notes", "hypergraph"] as const;
export type StructureName = (typeof STRUCTURES)[number];

export interface EpisodePlan {
  ns: string;
  ids: string[];
  /** Episodes not stored before: every structure is built from them. */
  fresh: NodeWrite[];
  /** Stored episodes whose words (text or speaker) this batch changes, with their stored versions: structures are rebuilt from the new words. */
  rewritten: { node: NodeWrite; stored: MemoryNode }[];
  /** Fresh plus changed ones: what the first commit writes. */
  writes: NodeWrite[];
  edges: EdgeWrite[];
  /** Stored turns the fresh ones follow, already read: their questions go into the replies' index documents. */
  context: DocSource[];
}

export interface IngestReport {
  episodes: number;
  entities: number;
  mentions: number;
  /** Events made; episodes that extend a thread's stored event add none. */
  events: number;
  /** Stored episodes whose words changed, their entities, notes and hyperedges rebuilt. */
  rebuilt: number;
  /** Notes and hyperedges built from those episodes' old text, closed as of now. */
  retired: number;
  notes: number;
  links: number;
  hyperedges: number;
  rejectedDecisions: number;
}

interface Deps {
  context(scope?: { reason?: string }): StructureContext;
  commit(nodes: NodeWrite[], edges: EdgeWrite[], options?: CommitOptions): Promise<void>;
  extractor: Extractor;
  embedder: Embedder;
  decider?: LinkDecider;
}

/** An episode says something worth a note when it names something or carries enough content words. */
const isFactLike = (x: Extraction) => x.entities.length > 0 || x.dates.length > 0 || x.keywords.length >= 3;

/**
 * Builds the structures for one ingest batch and commits them with its episodes in one atomic
 * commit: episodes, entities and mentions, events, notes (with the neighbours they evolve) and
 * hyperedges. Extraction, embedding and link decisions all happen before it, so a failure of any
 * leaves nothing written and the same ingest can simply be run again.
 *
 * A stored episode whose words changed gets its entities, notes and hyperedges rebuilt: what its old
 * words built is closed as of now in the same commit (`retireDerived`), and it is extracted with the
 * new episodes. It keeps its place in its thread and event; its line in the event's text is replaced
 * (`refreshEventText`).
 */
export async function ingestStructures(deps: Deps, plan: EpisodePlan, structures: ReadonlySet<StructureName>): Promise<IngestReport> {
  const report: IngestReport = { episodes: plan.fresh.length, entities: 0, mentions: 0, events: 0, rebuilt: 0, retired: 0, notes: 0, links: 0, hyperedges: 0, rejectedDecisions: 0 };
  const fresh = plan.fresh.filter((n) => n.text);
  const rebuilding = { mentions: structures.has("entities") || structures.has("hypergraph"), hyperedges: structures.has("hypergraph"), notes: structures.has("notes") };
  const rewritten = rebuilding.mentions || rebuilding.notes ? plan.rewritten.map((r) => r.node) : [];
  const built = [...fresh, ...rewritten];
  const needsExtraction = structures.size > 0 && built.length > 0;
  const extractions = needsExtraction
    ? await deps.extractor.extract(built.map((n) => ({ id: n.id, text: n.text!, at: n.time.at ?? undefined, speaker: textAttr(n.attrs, "speaker") })))
    : [];
  const vectors = built.length > 0 ? await deps.embedder.embed(built.map((n) => n.text!)) : [];
  const vectorById = new Map(built.map((n, i) => [n.id, vectors[i]!]));

  const ctx = deps.context();
  // Events quote a rewritten turn's old line, which its stored version gives.
  const reworded = structures.has("events") ? plan.rewritten : [];
  const first = { nodes: [...plan.writes], edges: [...plan.edges] };
  const retiring = new Set<string>();
  if (rewritten.length > 0) {
    const old = await retireDerived(ctx, rewritten, rebuilding);
    for (const n of old.nodes) retiring.add(n.id);
    first.nodes.push(...old.nodes);
    first.edges.push(...old.edges);
    Object.assign(report, { rebuilt: rewritten.length, retired: old.retired });
  }
  const entityIds = rebuilding.mentions ? await addEntities(ctx, built, extractions, first, report) : new Map<string, string[]>();
  if (built.length === 0 && reworded.length === 0) {
    await deps.commit(first.nodes, first.edges, { vectors: vectorById, turns: plan.context, closing: retiring });
    return report;
  }

  const second = { nodes: [] as NodeWrite[], edges: [] as EdgeWrite[], embedText: new Map<string, string>() };
  const collecting: StructureContext = {
    ...ctx,
    commit: async (nodes, edges, options) => {
      second.nodes.push(...nodes);
      second.edges.push(...edges);
      options?.embedText?.forEach((v, k) => second.embedText.set(k, v));
    },
  };
  // Events follow the thread and time, which a rewrite does not change: only new episodes join them.
  const stored = fresh.map((n) => asNode(n));
  if (structures.has("events") && fresh.length > 0) {
    const events = await planEvents(collecting, stored, extractions.slice(0, fresh.length), vectors.slice(0, fresh.length));
    second.nodes.push(...events.nodes);
    second.edges.push(...events.edges);
    report.events = events.events.filter((e) => e.reason !== "continued").length;
  }
  if (reworded.length > 0) {
    const { replaced, added } = await refreshEventText(ctx, reworded, second.nodes);
    second.nodes = second.nodes.map((n) => replaced.get(n.id) ?? n);
    second.nodes.push(...added);
  }
  if (structures.has("notes")) {
    const inputs = built.flatMap((n, i) => (isFactLike(extractions[i]!) ? [{ text: spokenText(n.attrs, n.text!), at: n.time.at ?? undefined, source: n.source, derivedFrom: n.id, extraction: extractions[i]! }] : []));
    if (inputs.length > 0) {
      const notes = await new Zettelkasten(collecting, { extractor: deps.extractor, decider: deps.decider, hidden: retiring }).write(inputs);
      Object.assign(report, { notes: notes.notes.length, links: notes.links, rejectedDecisions: notes.rejected });
    }
  }
  if (structures.has("hypergraph")) report.hyperedges = addHyperedges(ctx, built, entityIds, second);
  // One commit: a failure anywhere above (a decider, an embedder) leaves nothing written, so a retry
  // finds the episodes new and builds their structures, rather than skipping them as stored.
  await deps.commit([...first.nodes, ...second.nodes], [...first.edges, ...second.edges], { vectors: vectorById, turns: plan.context, embedText: second.embedText, closing: retiring });
  return report;
}

/** One entity node per canonical key (id derived from it), `mentions` edges from each episode. */
async function addEntities(
  ctx: StructureContext, fresh: readonly NodeWrite[], extractions: readonly Extraction[],
  batch: { nodes: NodeWrite[]; edges: EdgeWrite[] }, report: IngestReport,
): Promise<Map<string, string[]>> {
  const byKey = new Map<string, { id: string; name: string; type: string }>();
  extractions.forEach((x) => x.entities.forEach((e) => byKey.has(e.key) || byKey.set(e.key, { id: entityId(e.key), name: e.name, type: e.type })));
  const existing = new Set((await ctx.stores.graph.getNodes({ ns: ctx.ns, ids: [...byKey.values()].map((e) => e.id) })).map((n) => n.id));
  for (const [key, e] of byKey) {
    if (existing.has(e.id)) continue;
    batch.nodes.push({
      id: e.id, ns: ctx.ns, kind: "entity", text: e.name, attrs: { key, type: e.type },
      source: ctx.source, time: { at: ctx.now(), validFrom: null, validTo: null }, change: ctx.change("entity first mentioned"),
    });
    report.entities++;
  }
  const mentioned = new Map<string, string[]>();
  fresh.forEach((n, i) => {
    const ids = [...new Set(extractions[i]!.entities.map((e) => byKey.get(e.key)!.id))];
    mentioned.set(n.id, ids);
    for (const to of ids) batch.edges.push({ id: ctx.newId(), ns: ctx.ns, kind: "mentions", from: n.id, to, weight: 1, attrs: {}, source: n.source, time: { validFrom: null, validTo: null } });
    report.mentions += ids.length;
  });
  ctx.tracer.emit("entity-mentions", { entities: report.entities, mentions: report.mentions });
  return mentioned;
}

/**
 * An episode relating two or more entities is a memory unit over them and itself (HGMem). Its
 * source episode is a member and is new in this batch, or rewritten with its own unit closed, so no
 * ingest-built unit over the same members exists: no lookup (a unit an application made over exactly
 * these members would be duplicated), and the units join the batch's commit instead of one commit each.
 */
function addHyperedges(ctx: StructureContext, fresh: readonly NodeWrite[], mentioned: Map<string, string[]>, batch: { nodes: NodeWrite[]; edges: EdgeWrite[] }): number {
  const now = ctx.now();
  const change = ctx.change("hyperedge from an episode relating its entities");
  let count = 0;
  for (const n of fresh) {
    const entities = mentioned.get(n.id) ?? [];
    if (entities.length < 2) continue;
    const members = [...entities.map((id) => ({ id, role: "entity" })), { id: n.id, role: "source" }];
    const id = ctx.newId();
    // The unit's description is the episode's words: it carries the episode's source and trust, and goes with it (eraseSource).
    const own = { ...ctx, source: n.source };
    batch.nodes.push(newHyperedgeNode(own, id, n.text!.slice(0, 2000), members, change, now));
    batch.edges.push(...members.map((m) => memberEdge(own, id, m, now)));
    ctx.tracer.emit("hyperedge-insert", { id, outcome: "created", members: members.map((m) => m.id) });
    count++;
  }
  return count;
}

function asNode(n: NodeWrite): MemoryNode {
  return { id: n.id, ns: n.ns, kind: n.kind, text: n.text, attrs: n.attrs, source: n.source, time: { ...n.time, recordedAt: n.change.at, expiredAt: null }, version: 1 };
}
