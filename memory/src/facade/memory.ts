import { z } from "zod";
import { NotFoundError, ReadOnlyError, ValidationError } from "../errors.js";
import type { MemoryEdge, EdgeWrite } from "../model/edge.js";
import { newId } from "../model/ids.js";
import type { KindRegistry } from "../model/kinds.js";
import { namespaceSchema } from "../model/namespace.js";
import { textAttr, type Change, type MemoryNode, type NodeWrite } from "../model/node.js";
import { DEFAULT_TRUST, sourceInputSchema, type Source } from "../model/provenance.js";
import type { TimeView } from "../model/time.js";
import { parseInput } from "../model/validate.js";
import type { NodeVersion } from "../model/version.js";
import type { Embedder } from "../ports/embedder.js";
import type { EraseReport, GraphStats, NodeFilter } from "../ports/graph-store.js";
import type { MemoryBatch } from "../ports/memory-batch.js";
import type { TextDoc } from "../ports/text-index.js";
import type { VectorPoint } from "../ports/vector-store.js";
import { hybridSearch, searchOptionsSchema, type SearchHit, type SearchOptions } from "../search/hybrid-search.js";
import { retrieve, type RetrieveOptions } from "../retrieval/retrieve.js";
import type { RetrievalResult } from "../retrieval/pipeline/run-pipeline.js";
import { inputSchemas, type EpisodeInput, type GraphInput, type InputSchemas, type Limits, type NodePatch, type NoteInput } from "./inputs.js";
import { closeStores, commitBatch, type StoreSet } from "./store-set.js";
import type { CommitOptions } from "./commit-options.js";
import { answers, IN_REPLY_TO } from "./reply-context.js";
import { textDocs, type DocSource } from "./text-docs.js";
import { ingestStructures, STRUCTURES, type EpisodePlan, type IngestReport, type StructureName } from "./ingest-structures.js";
import type { Extractor } from "../ports/extractor.js";
import type { StructureContext } from "../structures/context.js";
import { navigateEvents, type NavigateOptions, type NavigatedEvent } from "../structures/events/navigate.js";
import { hypergraph, type Hypergraph } from "../structures/hypergraph/index.js";
import { taskTree, type TaskTree } from "../structures/tasks/index.js";
import type { LinkDecider } from "../structures/zettel/link-decision.js";
import { Zettelkasten } from "../structures/zettel/zettelkasten.js";
import type { TraceSink } from "../trace/trace-event.js";
import { Tracer } from "../trace/tracer.js";

export interface MemoryConfig {
  stores: StoreSet;
  embedder: Embedder;
  extractor: Extractor;
  /** Decides A-MEM links and evolution; default: the threshold rule. */
  decider?: LinkDecider;
  trace: TraceSink;
  kinds: KindRegistry;
  limits: Limits;
  namespace: string;
  actor: string;
  clock: () => number;
  /** Every write is refused up front, before any extraction or embedding call (`createMemory({ readOnly })`). */
  readOnly?: boolean;
}

/** Who is writing and into which namespace; every method takes one (the memory's default otherwise). */
export interface WriteScope {
  ns?: string;
  actor?: string;
  reason?: string;
}

const structuresSchema = z.array(z.enum(STRUCTURES, { error: `a structure is one of ${STRUCTURES.join(", ")}` }));

const ANONYMOUS: Source = { id: "anonymous", type: "user", trust: DEFAULT_TRUST.user };

/**
 * The one object an application holds. Every call is scoped to a namespace; every write is
 * validated before anything is stored, carries provenance, and is committed as one batch.
 */
export class Memory {
  private readonly schemas: InputSchemas;
  /** Per namespace, the last write queued (see `exclusive`). */
  private readonly writing = new Map<string, Promise<void>>();

  constructor(private readonly config: MemoryConfig) {
    this.schemas = inputSchemas(config.limits, config.kinds);
  }

  get stores(): StoreSet {
    return this.config.stores;
  }

  /** The namespace calls use when they name none. */
  get namespace(): string {
    return this.config.namespace;
  }

  get embedder(): Embedder {
    return this.config.embedder;
  }

  /** The size limits every write is validated against (adapters check their inputs against them up front). */
  get limits(): Readonly<Limits> {
    return this.config.limits;
  }

  /** Opened with `readOnly`: every write throws ReadOnlyError and changes nothing. */
  get readOnly(): boolean {
    return this.config.readOnly ?? false;
  }

  /** The memory's clock (epoch ms): what "now" means to its reads and writes; a replay or a test may inject one. */
  now(): number {
    return this.config.clock();
  }

  /**
   * Raw turns or observations. Consecutive new episodes of one thread are chained with `next` edges, in
   * ingestion order. Re-adding an episode under an id it already has is idempotent when nothing changed,
   * and an update (a new version, no new edges) when something did — so re-running an ingest is safe.
   */
  addEpisodes(episodes: readonly EpisodeInput[], scope: WriteScope = {}): Promise<MemoryNode[]> {
    return this.exclusive(scope.ns, async (ns) => {
      const plan = await this.planEpisodes(ns, episodes, scope);
      if (plan.writes.length > 0) await this.commit(plan.writes, plan.edges, { turns: plan.context });
      return this.mustGet(ns, plan.ids);
    });
  }

  /**
   * Episodes plus the structures built from them: entities and their mentions, events (CompassMem),
   * Zettelkasten notes for the episodes that state something (A-MEM), and hyperedges joining what an
   * episode relates (HGMem). One extraction pass serves them all — one structured call per batch on
   * the LLM path — and it runs before anything is written, so a failed extraction writes nothing.
   * A stored episode given new text gets its entities, notes and hyperedges rebuilt from it, what the
   * old text built closed in the same commit.
   */
  ingest(episodes: readonly EpisodeInput[], options: WriteScope & { structures?: readonly StructureName[] } = {}): Promise<IngestReport> {
    return this.exclusive(options.ns, async (ns) => {
      // Checked before anything is read or written: an unknown name would otherwise build nothing, silently.
      const structures = new Set(parseInput(structuresSchema, options.structures ?? STRUCTURES, "ingest", "structures"));
      const plan = await this.planEpisodes(ns, episodes, options);
      return ingestStructures(
        { context: (scope) => this.context({ ...options, ...scope, ns }), commit: (n, e, o) => this.commit(n, e, o), extractor: this.config.extractor, embedder: this.config.embedder, decider: this.config.decider },
        plan,
        structures,
      );
    });
  }

  private async planEpisodes(ns: string, episodes: readonly EpisodeInput[], scope: WriteScope): Promise<EpisodePlan> {
    const items = parseInput(this.schemas.episodes, episodes, "addEpisodes", "episodes");
    const now = this.config.clock();
    const change = this.change(scope, "episode observed", now);
    const nodes: NodeWrite[] = items.map((e) => ({
      id: e.id ?? newId(), ns, kind: "episode", text: e.text,
      attrs: { ...e.attrs, ...defined({ speaker: e.speaker, thread: e.thread, session: e.session }) },
      source: e.source ?? ANONYMOUS, time: { at: e.at ?? now, validFrom: null, validTo: null }, change,
    }));
    const existing = await this.existing(ns, items.map((e) => e.id));
    // An id naming a stored node of another kind would turn that node (an entity, a note) into an episode.
    const clashes = items.flatMap((e, i) => {
      const kind = e.id === undefined ? undefined : existing.get(e.id)?.kind;
      return kind !== undefined && kind !== "episode" ? [{ path: `episodes[${i}].id`, message: `"${e.id}" is a ${kind} in namespace "${ns}", not an episode` }] : [];
    });
    if (clashes.length > 0) throw new ValidationError(clashes, "addEpisodes");
    const threads = new Map(items.map((e, i) => [nodes[i]!.id, e.thread]));
    const newcomers = nodes.filter((n) => !existing.has(n.id));
    // A stored turn this batch rewrites is judged by its new text.
    const written = new Map(nodes.map((n) => [n.id, n]));
    const previous = (await this.threadPredecessors(ns, newcomers, newcomers.map((n) => threads.get(n.id)))).map((p) => (p ? (written.get(p.id) ?? p) : p));
    const fresh = newcomers.map((n, i) => {
      const before = previous[i];
      return before !== undefined && answers(before, n) ? withReplyTo(n, before.id) : n;
    });
    // A rewrite keeps the turn it was first found to answer: its thread has moved on since.
    const changed = nodes
      .filter((n) => existing.has(n.id))
      .map((n) => withReplyTo(n, textAttr(existing.get(n.id)!.attrs, IN_REPLY_TO)))
      .filter((n) => !sameContent(existing.get(n.id)!, n));
    const edges = fresh.flatMap((n, i) => {
      const before = previous[i];
      return before ? [{ id: newId(), ns, kind: "next", from: before.id, to: n.id, weight: 1, attrs: {}, source: n.source, time: { validFrom: null, validTo: null } }] : [];
    });
    const context = previous.filter((p) => p !== undefined).map((p) => ({ ns, id: p.id, kind: "episode", text: p.text, attrs: p.attrs }));
    // Structures are built from what was said and by whom: a new date or attribute alone leaves them as they are.
    const rewritten = changed.flatMap((n) => {
      const stored = existing.get(n.id)!;
      const reworded = n.text !== null && n.text.length > 0 && (stored.text !== n.text || textAttr(stored.attrs, "speaker") !== textAttr(n.attrs, "speaker"));
      return reworded ? [{ node: n, stored }] : [];
    });
    return { ns, ids: nodes.map((n) => n.id), fresh, rewritten, writes: [...fresh, ...changed], edges, context };
  }

  /**
   * Zettelkasten notes that link and evolve (A-MEM): attributes, candidates, a link decision (the
   * threshold rule, or a model when `decider` is configured) validated against the candidates shown,
   * neighbour evolution as new versions — one atomic batch. See docs/memory-structures.md.
   */
  addNotes(notes: readonly NoteInput[], scope: WriteScope = {}): Promise<MemoryNode[]> {
    return this.exclusive(scope.ns, async (ns) => {
      const items = parseInput(this.schemas.notes, notes, "addNotes", "notes");
      const ctx = this.context({ ...scope, ns });
      const zettel = new Zettelkasten(ctx, { extractor: this.config.extractor, decider: this.config.decider });
      const ids = items.map((n) => n.id ?? newId());
      await zettel.write(items.map((n, i) => ({ ...n, id: ids[i]! })));
      return this.mustGet(ns, ids);
    });
  }

  /** Hyperedges: memory units joining two or more nodes (HGMem). Its writes join the memory's write queue. */
  hypergraph(scope: WriteScope = {}): Hypergraph {
    const ctx = this.context(scope);
    return this.queued(hypergraph(ctx), ctx.ns, ["insert", "insertMany", "update", "merge"]);
  }

  /**
   * The task memory tree (TME): tasks, their tree and dependency DAG, and prompt context within a
   * budget. Its writes join the memory's write queue: two concurrent `addDependencies` each checked
   * for a cycle before the other committed, and made one.
   */
  tasks(scope: WriteScope = {}): TaskTree {
    const ctx = this.context(scope);
    return this.queued(taskTree(ctx), ctx.ns, ["add", "start", "complete", "fail", "revise", "setParent", "addDependencies"]);
  }

  /** Goal-directed navigation over the event graph (CompassMem). */
  async navigateEvents(goal: string, options: NavigateOptions & { ns?: string } = {}): Promise<NavigatedEvent[]> {
    return navigateEvents(this.context({ ns: options.ns }), goal, options);
  }

  /**
   * The context memory structures write through: one namespace, one traced run, commits that index
   * and embed. Public so applications and agent nodes can drive structures directly; writes made
   * through it are not ordered by the memory's write queue.
   */
  context(scope: WriteScope & { source?: Source } = {}): StructureContext {
    const ns = this.ns(scope.ns);
    const { clock } = this.config;
    return {
      ns,
      stores: this.config.stores,
      commit: (nodes, edges, options) => this.commit(nodes, edges, options),
      embed: async (texts) => {
        this.refuseIfReadOnly();
        return this.config.embedder.embed(texts);
      },
      change: (reason) => this.change({ ...scope, reason: scope.reason ?? reason }, reason, clock()),
      source: scope.source ?? ANONYMOUS,
      tracer: new Tracer(this.config.trace, ns, clock),
      newId,
      now: clock,
    };
  }

  /** The trace sink every write and decision reports to (a ring buffer unless configured). */
  get trace(): TraceSink {
    return this.config.trace;
  }

  /**
   * Typed nodes and edges of any registered kind, committed together. `scope.source` names who this write's
   * information comes from: the source of every node and edge that names none, and, on a node that keeps
   * another source (an agent updating a user's task), the source its new version is recorded under, so
   * erasing it takes the version back, not the node.
   */
  write(input: GraphInput, scope: WriteScope & { source?: z.input<typeof sourceInputSchema> } = {}): Promise<{ nodes: MemoryNode[]; edges: MemoryEdge[] }> {
    return this.exclusive(scope.ns, async (ns) => {
      const graph = parseInput(this.schemas.graph, input, "write");
      const by = scope.source === undefined ? undefined : parseInput(sourceInputSchema, scope.source, "write", "scope.source");
      const now = this.config.clock();
      const change = this.change(scope, "graph write", now);
      const nodes: NodeWrite[] = graph.nodes.map((n) => {
        const source = n.source ?? by ?? ANONYMOUS;
        return {
          id: n.id ?? newId(), ns, kind: n.kind, text: n.text ?? null, attrs: n.attrs ?? {}, source,
          time: { at: n.at ?? now, validFrom: n.validFrom ?? null, validTo: n.validTo ?? null },
          change: by && by.id !== source.id ? { ...change, sourceId: by.id } : change,
        };
      });
      const edges: EdgeWrite[] = graph.edges.map((e) => ({
        id: e.id ?? newId(), ns, kind: e.kind, from: e.from, to: e.to, weight: e.weight, attrs: e.attrs ?? {},
        source: e.source ?? by ?? ANONYMOUS, time: { validFrom: e.validFrom ?? null, validTo: e.validTo ?? null },
      }));
      await this.commit(nodes, edges);
      return {
        nodes: await this.mustGet(ns, nodes.map((n) => n.id)),
        edges: await this.config.stores.graph.getEdges({ ns, ids: edges.map((e) => e.id) }),
      };
    });
  }

  async get(id: string, options: { ns?: string; view?: TimeView } = {}): Promise<MemoryNode | undefined> {
    const [node] = await this.config.stores.graph.getNodes({ ns: this.ns(options.ns), ids: [id], view: options.view });
    return node;
  }

  /** Changes a node as a new version; text changes are re-indexed and re-embedded in the same batch. */
  update(id: string, patch: NodePatch, scope: WriteScope & { expectedVersion?: number } = {}): Promise<MemoryNode> {
    return this.exclusive(scope.ns, async (ns) => {
      const p = parseInput(this.schemas.patch, patch, "update", "patch");
      const current = await this.get(id, { ns });
      if (!current) throw new NotFoundError(`node "${id}" does not exist in namespace "${ns}"`);
      const attrs = { ...current.attrs, ...p.attrs };
      const node: NodeWrite = {
        id, ns, kind: current.kind, text: p.text === undefined ? current.text : p.text, attrs,
        source: current.source,
        time: {
          at: p.at ?? current.time.at,
          validFrom: p.validFrom === undefined ? current.time.validFrom : p.validFrom,
          validTo: p.validTo === undefined ? current.time.validTo : p.validTo,
        },
        change: { ...this.change(scope, "updated", this.config.clock()), ...(p.source ? { sourceId: p.source.id } : {}) },
        expectedVersion: scope.expectedVersion ?? current.version,
      };
      await this.commit([node], [], { reembed: node.text !== current.text });
      if (node.text !== current.text) await this.reindexReplies(ns, [id]);
      return (await this.mustGet(ns, [id]))[0]!;
    });
  }

  /** The fact stopped holding at `at` (default now). Kept, and still readable "as of" earlier times. */
  invalidate(id: string, options: WriteScope & { at?: number } = {}): Promise<void> {
    return this.exclusive(options.ns, async (ns) => {
      const changed = await this.config.stores.graph.invalidate({
        ns, nodeIds: [id], validTo: options.at ?? this.config.clock(), change: this.change(options, "invalidated", this.config.clock()),
      });
      if (changed === 0) throw new NotFoundError(`node "${id}" does not exist in namespace "${ns}"`);
    });
  }

  /** We no longer believe the record (it was wrong, not outdated): it leaves current reads. */
  retract(id: string, options: WriteScope = {}): Promise<void> {
    return this.exclusive(options.ns, async (ns) => {
      const now = this.config.clock();
      const changed = await this.config.stores.graph.invalidate({ ns, nodeIds: [id], expiredAt: now, change: this.change(options, "retracted", now) });
      if (changed === 0) throw new NotFoundError(`node "${id}" does not exist in namespace "${ns}"`);
      await this.reindexReplies(ns, [id]);
    });
  }

  /** Removes everything a source contributed, from the graph, the indexes and history. */
  eraseSource(sourceId: string, scope: WriteScope = {}): Promise<EraseReport> {
    return this.exclusive(scope.ns, async (ns) => {
      const { graph } = this.config.stores;
      const report = await graph.eraseBySource({ ns, sourceId, change: this.change(scope, `erased source ${sourceId}`, this.config.clock()) });
      await this.dropIndexes(ns, [...report.nodeIds, ...report.restored]);
      const restored = await graph.getNodes({ ns, ids: report.restored });
      await this.reindex(restored);
      await this.reindexReplies(ns, [...report.nodeIds, ...report.restored]);
      return report;
    });
  }

  async history(id: string, options: { ns?: string } = {}): Promise<NodeVersion[]> {
    return this.config.stores.graph.history({ ns: this.ns(options.ns), id });
  }

  /** Hybrid search: BM25 and vector kNN, fused by reciprocal rank; currently valid memories by default. */
  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    const parsed = parseInput(searchOptionsSchema, options, "search");
    return hybridSearch(this.config.stores, this.config.embedder, query, { ...parsed, ns: this.ns(parsed.ns), now: this.config.clock() });
  }

  /**
   * Retrieval as a pipeline of graph operators (seed channels → spreading activation or PageRank →
   * fusion → packing): the default pipeline needs no model. Each hit says which channel found it and
   * which path activated it; `trace` reports every operator. See docs/retrieval.md.
   */
  async retrieve(query: string, options: RetrieveOptions = {}): Promise<RetrievalResult> {
    const { clock, stores, embedder, extractor } = this.config;
    return retrieve({ stores, embedder, extractor, now: clock() }, query, options, {
      ns: (ns) => this.ns(ns),
      tracer: (ns) => new Tracer(this.config.trace, ns, clock),
    });
  }

  async stats(options: { ns?: string } = {}): Promise<GraphStats> {
    return this.config.stores.graph.stats(options.ns === undefined ? {} : { ns: this.ns(options.ns) });
  }

  async namespaces(): Promise<string[]> {
    return this.config.stores.graph.listNamespaces();
  }

  /** Lets queued writes finish, then closes the stores. */
  async close(): Promise<void> {
    await Promise.all(this.writing.values());
    await closeStores(this.config.stores);
  }

  // ---- internals -------------------------------------------------------------------------

  /**
   * Runs a namespace's writes one at a time, in call order. A write reads what it builds on (a
   * thread's last turn, a note's neighbours, a node's current version) before it commits; two
   * interleaved ones would build on the same state: 20 concurrent `addEpisodes` on one thread left it
   * without a single `next` edge. Namespaces share nothing a write builds on, so one's slow ingest
   * (an extraction model call) does not hold up another's. A bad namespace is rejected at once;
   * reads do not wait; writers in other processes are not ordered by this. A read-only memory
   * refuses here, before any model is called for a write that could not land.
   */
  private exclusive<T>(nsInput: string | undefined, write: (ns: string) => Promise<T>): Promise<T> {
    let ns: string;
    try {
      this.refuseIfReadOnly();
      ns = this.ns(nsInput);
    } catch (error) {
      return Promise.reject(error);
    }
    const run = (this.writing.get(ns) ?? Promise.resolve()).then(() => write(ns));
    const settled = run.then(() => undefined, () => undefined);
    this.writing.set(ns, settled);
    void settled.then(() => {
      if (this.writing.get(ns) === settled) this.writing.delete(ns);
    });
    return run;
  }

  /** A structure whose named (writing, promise-returning) methods run through `exclusive` in its namespace; the rest as they are. */
  private queued<T extends object>(structure: T, ns: string, writes: readonly (keyof T & string)[]): T {
    const names = new Set<PropertyKey>(writes);
    return new Proxy(structure, {
      get: (target, key) => {
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value !== "function") return value;
        const method = value as (...args: unknown[]) => Promise<unknown>;
        return names.has(key) ? (...args: unknown[]) => this.exclusive(ns, () => method.apply(target, args)) : method.bind(target);
      },
    });
  }

  private ns(ns: string | undefined): string {
    return ns === undefined ? this.config.namespace : parseInput(namespaceSchema, ns, "namespace", "ns");
  }

  private change(scope: WriteScope, reason: string, at: number): Change {
    return { actor: scope.actor ?? this.config.actor, reason: scope.reason ?? reason, at };
  }

  /**
   * Each new episode's previous one in its thread (its `next` edge comes from there): in this batch,
   * or the thread's latest stored that is still believed — a retracted turn never happened, so the
   * thread continues from the one before it.
   */
  private async threadPredecessors(ns: string, nodes: readonly NodeWrite[], threads: readonly (string | undefined)[]): Promise<(PreviousTurn | undefined)[]> {
    const knownAt = this.config.clock();
    const tails = new Map<string, PreviousTurn>();
    const previous: (PreviousTurn | undefined)[] = [];
    for (const [i, node] of nodes.entries()) {
      const thread = threads[i];
      if (thread === undefined) {
        previous.push(undefined);
        continue;
      }
      let before = tails.get(thread);
      if (before === undefined) [before] = await this.config.stores.graph.findNodes({ ns, kinds: ["episode"], attrs: { thread }, view: { knownAt }, order: "latest", limit: 1 });
      previous.push(before);
      tails.set(thread, node);
    }
    return previous;
  }

  /**
   * Commits nodes and edges as one batch; nodes with text are indexed, and embedded unless `reembed`
   * is false — from `embedText` when given (A-MEM embeds attributes too), reusing `vectors` already
   * computed for this batch. Text is always re-indexed: the indexed document reads attributes
   * (speaker, inReplyTo) that a write may change without changing the text.
   */
  private async commit(nodes: readonly NodeWrite[], edges: readonly EdgeWrite[], options: CommitOptions = {}): Promise<void> {
    this.refuseIfReadOnly(); // here too: structures driven through context() commit without the write queue
    const indexed = options.closing ? nodes.filter((n) => !options.closing!.has(n.id)) : nodes;
    const withText = indexed.filter((n) => n.text !== null && n.text.length > 0);
    const batch: MemoryBatch = {
      graph: { nodes, edges, recordedAt: this.config.clock() },
      texts: await this.textDocs(indexed, [...nodes, ...(options.turns ?? [])]),
      vectors: options.reembed === false ? [] : await this.embed(withText, options),
    };
    await commitBatch(this.config.stores, batch);
    // A node written without text has no index entries: any it had (an earlier version's) go, or a query
    // would still find it by its old words. Its first write has none, and deleting nothing costs a lookup.
    const textless = nodes.filter((n) => !n.text);
    for (const ns of new Set(textless.map((n) => n.ns))) await this.dropIndexes(ns, textless.filter((n) => n.ns === ns).map((n) => n.id));
  }

  private refuseIfReadOnly(): void {
    if (this.readOnly) throw new ReadOnlyError("this memory");
  }

  private async dropIndexes(ns: string, ids: readonly string[]): Promise<void> {
    const { vectors, text } = this.config.stores;
    await vectors.delete({ ns, ids });
    if (text !== (vectors as unknown)) await text.delete({ ns, ids });
  }

  private async reindex(nodes: readonly MemoryNode[]): Promise<void> {
    const withText = nodes.filter((n) => n.text !== null && n.text.length > 0);
    if (withText.length === 0) return;
    await this.config.stores.vectors.upsert(await this.embed(withText));
    await this.config.stores.text.index(await this.textDocs(withText));
  }

  /** Index documents; a reply's question is read as currently believed (a retracted question adds nothing). */
  private textDocs(nodes: readonly DocSource[], batch: readonly DocSource[] = []): Promise<TextDoc[]> {
    return textDocs(nodes, batch, (ns, ids) => this.config.stores.graph.getNodes({ ns, ids, view: { knownAt: this.config.clock() } }));
  }

  /**
   * The turns whose `inReplyTo` names one of `ids`, in any thread (a caller may name any turn):
   * their index documents hold those turns' words. One attribute query per id; past REPLY_QUERIES
   * ids (a large erasure) one pass over the namespace's episodes costs less.
   */
  private async repliesTo(ns: string, ids: readonly string[]): Promise<MemoryNode[]> {
    if (ids.length > REPLY_QUERIES) {
      const asked = new Set(ids);
      return (await this.allPages({ ns, kinds: ["episode"] })).filter((n) => asked.has(textAttr(n.attrs, IN_REPLY_TO) ?? ""));
    }
    const replies: MemoryNode[] = [];
    for (const id of ids) replies.push(...(await this.allPages({ ns, kinds: ["episode"], attrs: { [IN_REPLY_TO]: id } })));
    return replies;
  }

  /** Every node a filter matches, page by page. */
  private async allPages(filter: Omit<NodeFilter, "order" | "after" | "limit">): Promise<MemoryNode[]> {
    const nodes: MemoryNode[] = [];
    for (let after: string | undefined; ; ) {
      const page = await this.config.stores.graph.findNodes({ ...filter, order: "id", ...(after ? { after } : {}), limit: PAGE });
      nodes.push(...page);
      if (page.length < PAGE) return nodes;
      after = page.at(-1)!.id;
    }
  }

  /** Re-indexes the text of the turns that answer one of `changed` (edited, retracted or erased turns). */
  private async reindexReplies(ns: string, changed: readonly string[]): Promise<void> {
    const replies = await this.repliesTo(ns, changed);
    if (replies.length > 0) await this.config.stores.text.index(await this.textDocs(replies));
  }

  private async embed(nodes: readonly { ns: string; id: string; kind: string; text: string | null }[], options: CommitOptions = {}): Promise<VectorPoint[]> {
    if (nodes.length === 0) return [];
    const known = options.vectors ?? new Map<string, Float32Array>();
    const missing = nodes.filter((n) => !known.has(n.id));
    const fresh = missing.length > 0 ? await this.config.embedder.embed(missing.map((n) => options.embedText?.get(n.id) ?? n.text!)) : [];
    const computed = new Map(missing.map((n, i) => [n.id, fresh[i]!]));
    return nodes.map((n) => ({ ns: n.ns, id: n.id, kind: n.kind, vector: known.get(n.id) ?? computed.get(n.id)! }));
  }

  /** The stored nodes among caller-chosen ids (generated ids are new by construction). */
  private async existing(ns: string, ids: readonly (string | undefined)[]): Promise<Map<string, MemoryNode>> {
    const given = ids.filter((id): id is string => id !== undefined);
    if (given.length === 0) return new Map();
    const found = await this.config.stores.graph.getNodes({ ns, ids: given });
    return new Map(found.map((n) => [n.id, n]));
  }

  private async mustGet(ns: string, ids: readonly string[]): Promise<MemoryNode[]> {
    return this.config.stores.graph.getNodes({ ns, ids });
  }
}

/** What a new episode needs of the turn before it: its id for the `next` edge and `inReplyTo`, its text and attributes to tell whether it asked. */
type PreviousTurn = Pick<NodeWrite, "id" | "text" | "attrs">;

/** Stored turns read per call when paging a source's episodes or their replies. */
const PAGE = 500;
/** Up to this many changed turns, their replies are found by attribute queries; beyond, by one pass over the namespace. */
const REPLY_QUERIES = 16;

/** The episode naming the turn it answers; a value the caller set is kept. */
function withReplyTo(n: NodeWrite, question: string | undefined): NodeWrite {
  if (question === undefined || n.attrs[IN_REPLY_TO] !== undefined) return n;
  return { ...n, attrs: { ...n.attrs, [IN_REPLY_TO]: question } };
}

function sameContent(stored: MemoryNode, next: NodeWrite): boolean {
  return stored.kind === next.kind && stored.text === next.text && stored.time.at === next.time.at
    && stored.source.id === next.source.id && JSON.stringify(stored.attrs) === JSON.stringify(next.attrs);
}

function defined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}
