import { ValidationError } from "../../errors.js";
import type { EdgeWrite } from "../../model/edge.js";
import type { MemoryNode, NodeWrite } from "../../model/node.js";
import type { Source } from "../../model/provenance.js";
import type { Extraction, Extractor } from "../../ports/extractor.js";
import type { StructureContext } from "../context.js";
import { findCandidates, type PendingNote } from "./candidates.js";
import type { CandidateView, LinkDecider, LinkDecision } from "./link-decision.js";
import { attributesOf, embedTextOf, noteAttributes, type NoteAttributes } from "./note-attributes.js";
import { thresholdDecider } from "./threshold-decider.js";
import { validateDecision } from "./validate-decision.js";
import { zettelNotesSchema } from "./note-inputs.js";
import { parseInput } from "../../model/validate.js";

export interface ZettelNoteInput {
  id?: string;
  text: string;
  at?: number;
  keywords?: string[];
  tags?: string[];
  context?: string;
  source?: Source;
  /** The episode (or other node) the note was distilled from: a `derived_from` edge. */
  derivedFrom?: string;
  /** Extraction already computed for this text (ingest shares one extraction pass). */
  extraction?: Extraction;
  /** Application attributes stored beside the note's own. */
  attrs?: Record<string, unknown>;
}

export interface ZettelOptions {
  extractor: Extractor;
  /** Default: the threshold rule. Give `llmDecider(model)` to let a model decide links and evolution. */
  decider?: LinkDecider;
  /** When the decider's output is invalid: use the threshold rule, write the note unlinked, or fail the write. */
  onInvalid?: "fallback" | "skip" | "fail";
  /** Nearest neighbours shown to the decider (A-MEM uses 5). */
  candidates?: number;
  /** Notes never shown as candidates: those the same commit closes (a rewritten episode's old notes). */
  hidden?: ReadonlySet<string>;
}

export interface ZettelReport {
  notes: string[];
  links: number;
  evolved: number;
  rejected: number;
}

/**
 * Zettelkasten notes that link and evolve — A-MEM (Xu et al., arXiv 2502.12110). Writing a note:
 * build its attributes, find candidates, let the decider link and evolve, validate every id against
 * the candidates shown, and commit the batch — new notes, links, evolved neighbours (each a new
 * version with its reason, re-embedded from its new attributes) — in one atomic write.
 */
export class Zettelkasten {
  private readonly fallback = thresholdDecider();

  constructor(private readonly ctx: StructureContext, private readonly options: ZettelOptions) {}

  async write(notes: readonly ZettelNoteInput[]): Promise<ZettelReport> {
    const { ctx } = this;
    if (!ctx.embed) throw new ValidationError([{ path: "embed", message: "the Zettelkasten needs an embedder in its context" }]);
    parseInput(zettelNotesSchema, notes, "zettelkasten.write", "notes");
    const inputs = notes; // checked, and kept as given: the extraction an ingest shares passes through by reference
    const given = inputs.flatMap((n) => (n.id === undefined ? [] : [n.id])); // ingest names none: no read then
    const taken = given.length === 0 ? [] : await ctx.stores.graph.getNodes({ ns: ctx.ns, ids: given });
    if (taken.length > 0) {
      const index = new Map(inputs.map((n, i) => [n.id, i]));
      throw new ValidationError(taken.map((n) => ({ path: `notes[${index.get(n.id)}].id`, message: `a ${n.kind} "${n.id}" exists in namespace "${ctx.ns}": a new note needs an id of its own` })), "zettelkasten.write");
    }
    const extractions = await this.extract(inputs);
    const attributes = inputs.map((n, i) => noteAttributes(n.text, extractions[i], n));
    const ids = inputs.map((n) => n.id ?? ctx.newId());
    const vectors = await ctx.embed(inputs.map((n, i) => embedTextOf(n.text, attributes[i]!)));
    const pending: PendingNote[] = [];
    const pendingById = new Map<string, PendingNote>();
    const evolved = new Map<string, { node: MemoryNode; attributes: NoteAttributes; by: string[] }>();
    const edges: EdgeWrite[] = [];
    const report: ZettelReport = { notes: ids, links: 0, evolved: 0, rejected: 0 };

    for (const [i, input] of inputs.entries()) {
      const note = { id: ids[i]!, vector: vectors[i]!, attributes: attributes[i]! };
      const { views, stored } = await findCandidates(ctx, note, { list: pending, byId: pendingById }, this.options.candidates ?? 5, this.options.hidden);
      ctx.tracer.emit("note-candidates", { id: note.id, candidates: views.map((v) => ({ id: v.id, similarity: round(v.similarity), shared: v.sharedKeywords })) });
      const decision = await this.decide({ id: note.id, text: input.text, ...note.attributes }, views, report);
      if (decision.note?.tags) note.attributes.tags = decision.note.tags;
      if (decision.note?.context) note.attributes.context = decision.note.context;
      for (const to of decision.links) {
        const similarity = views.find((v) => v.id === to)!.similarity;
        edges.push(this.edge("link", note.id, to, Math.max(0.1, round(similarity)), input.source));
        ctx.tracer.emit("note-link", { from: note.id, to, similarity: round(similarity) });
      }
      report.links += decision.links.length;
      for (const update of decision.updates) this.evolve(update, note.id, pendingById, stored, evolved);
      if (input.derivedFrom) edges.push(this.edge("derived_from", note.id, input.derivedFrom, 1, input.source));
      const written: PendingNote = { id: note.id, text: input.text, attributes: note.attributes, vector: note.vector };
      pending.push(written);
      pendingById.set(written.id, written);
    }
    report.evolved = evolved.size;
    await this.commit(inputs, pending, evolved, edges);
    for (const [i, p] of pending.entries()) ctx.tracer.emit("note-write", { id: p.id, keywords: p.attributes.keywords, tags: p.attributes.tags, derivedFrom: inputs[i]!.derivedFrom });
    return report;
  }

  private async extract(inputs: readonly ZettelNoteInput[]): Promise<(Extraction | undefined)[]> {
    const missing = inputs.map((n, i) => ({ n, i })).filter(({ n }) => !n.extraction && !n.keywords);
    const out: (Extraction | undefined)[] = inputs.map((n) => n.extraction);
    if (missing.length === 0) return out;
    const results = await this.options.extractor.extract(missing.map(({ n, i }) => ({ id: String(i), text: n.text, at: n.at })));
    missing.forEach(({ i }, j) => (out[i] = results[j]));
    return out;
  }

  private async decide(note: { id: string; text: string } & NoteAttributes, views: CandidateView[], report: ZettelReport): Promise<LinkDecision> {
    const decider = this.options.decider ?? this.fallback;
    const checked = validateDecision(await decider.decide({ note, candidates: views }), views);
    if (checked.ok) return checked.decision;
    report.rejected++;
    const policy = this.options.onInvalid ?? "fallback";
    this.ctx.tracer.emit("note-decision-rejected", { id: note.id, decider: decider.id, reasons: checked.reasons, then: policy });
    if (policy === "fail") throw new ValidationError(checked.reasons.map((r) => ({ path: `decision(${note.id})`, message: r })), "note link decision rejected");
    if (policy === "skip") return { links: [], updates: [] };
    const fallback = validateDecision(await this.fallback.decide({ note, candidates: views }), views);
    return fallback.ok ? fallback.decision : { links: [], updates: [] };
  }

  /** Applies one neighbour update: to a note of this batch in place, or to a stored note as a new version. */
  private evolve(
    update: LinkDecision["updates"][number], by: string, pending: ReadonlyMap<string, PendingNote>,
    stored: Map<string, MemoryNode>, evolved: Map<string, { node: MemoryNode; attributes: NoteAttributes; by: string[] }>,
  ): void {
    const p = pending.get(update.id);
    const target = p?.attributes ?? evolved.get(update.id)?.attributes;
    const node = stored.get(update.id);
    const attributes: NoteAttributes = target ?? (node ? attributesOf(node.attrs) : { keywords: [], tags: [], context: "" });
    if (update.context !== undefined) attributes.context = update.context;
    if (update.tags !== undefined) attributes.tags = update.tags;
    if (update.keywords !== undefined) attributes.keywords = update.keywords;
    if (!p && node) {
      const entry = evolved.get(update.id) ?? { node, attributes, by: [] };
      entry.by.push(by);
      evolved.set(update.id, entry);
    }
    this.ctx.tracer.emit("note-evolve", { id: update.id, by, fields: Object.keys(update).filter((k) => k !== "id") });
  }

  private async commit(inputs: readonly ZettelNoteInput[], pending: PendingNote[], evolved: Map<string, { node: MemoryNode; attributes: NoteAttributes; by: string[] }>, edges: EdgeWrite[]): Promise<void> {
    const { ctx } = this;
    const embedText = new Map<string, string>();
    const nodes: NodeWrite[] = pending.map((p, i) => {
      embedText.set(p.id, embedTextOf(p.text, p.attributes));
      return {
        id: p.id, ns: ctx.ns, kind: "note", text: p.text, attrs: { ...inputs[i]!.attrs, ...p.attributes },
        source: inputs[i]!.source ?? ctx.source, time: { at: inputs[i]!.at ?? ctx.now(), validFrom: null, validTo: null },
        change: ctx.change("note written"), expectedVersion: 0,
      };
    });
    for (const { node, attributes, by } of evolved.values()) {
      embedText.set(node.id, embedTextOf(node.text ?? "", attributes));
      nodes.push({
        id: node.id, ns: ctx.ns, kind: node.kind, text: node.text, attrs: { ...node.attrs, ...attributes }, source: node.source,
        time: { at: node.time.at, validFrom: node.time.validFrom, validTo: node.time.validTo },
        change: ctx.change(`evolved: linked from note${by.length > 1 ? "s" : ""} ${by.join(", ")}`), expectedVersion: node.version,
      });
    }
    await ctx.commit(nodes, edges, { embedText });
  }

  private edge(kind: "link" | "derived_from", from: string, to: string, weight: number, source: Source | undefined): EdgeWrite {
    return { id: this.ctx.newId(), ns: this.ctx.ns, kind, from, to, weight, attrs: {}, source: source ?? this.ctx.source, time: { validFrom: null, validTo: null } };
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
