import { ClosedError, IncompatibleDatabaseError, ReadOnlyError } from "../../errors.js";
import { KindRegistry } from "../../model/kinds.js";
import type { MemoryEdge } from "../../model/edge.js";
import type { Change, MemoryNode } from "../../model/node.js";
import type { TimeView } from "../../model/time.js";
import type { NodeVersion } from "../../model/version.js";
import type {
  EdgeFilter, EraseReport, GraphStats, GraphStore, GraphWrite, InvalidateRequest, Neighbor, NeighborQuery, NodeFilter,
} from "../../ports/graph-store.js";
import type { AtomicCommit, MemoryBatch } from "../../ports/memory-batch.js";
import type { TextDoc, TextIndex, TextQuery } from "../../ports/text-index.js";
import type { TraversalGraph } from "../../ports/traversal.js";
import type { ScoredId, VectorPoint, VectorQuery, VectorStore } from "../../ports/vector-store.js";
import { Adjacency } from "./adjacency.js";
import { ChangeLog, type LoggedChange } from "./change-log.js";
import { AdjacencyTraversal } from "./adjacency-traversal.js";
import { checkGraphWrite, checkNamespace } from "./check-write.js";
import { applyEraseBySource } from "./erase-source.js";
import { GraphTables, type StoredEdge } from "./graph-tables.js";
import { openDatabase, readMeta, writeMeta, type SqliteDb } from "./open-database.js";
import { openTextTables } from "./open-text-tables.js";
import type { TextTables } from "./text-tables.js";
import { VectorIndex } from "./vector-index.js";
import { VectorTables, type VectorChange } from "./vector-tables.js";

export interface EmbeddedStoreOptions {
  /** A file path, or ":memory:" for a throwaway store (tests). */
  path: string;
  /** Vector dimensions; fixed for the life of the file. */
  dimensions: number;
  durability?: "normal" | "full";
  /** Partitions of at least this many vectors are searched with HNSW instead of exactly. */
  annThreshold?: number;
  kinds?: KindRegistry;
  /**
   * Reads an existing file and never writes to it or beside it: every write method throws
   * ReadOnlyError, and close() saves no vector index. Commits of other processes still show.
   */
  readOnly?: boolean;
}

/**
 * The embedded default backend: one SQLite file (WAL) holding graph, history, FTS5 text index and
 * vectors; in-memory adjacency and vector indexes over it. It implements all three store ports
 * plus AtomicCommit, so a whole memory write commits in one SQLite transaction.
 *
 * SQLite is the only truth. The in-memory indexes are caches updated after each commit; when
 * another process commits to the same file (PRAGMA data_version moves), those of the namespaces it
 * changed are brought up to date, as its commits logged them (change-log.ts).
 */
export class EmbeddedStore implements GraphStore, VectorStore, TextIndex, AtomicCommit {
  readonly path: string;
  readonly dimensions: number;
  private readonly db: SqliteDb;
  private readonly kinds: KindRegistry;
  private readonly graph: GraphTables;
  private readonly text: TextTables;
  private readonly vectors: VectorTables;
  private readonly annThreshold: number;
  /**
   * Per namespace, built on its first traversal: a query reads and holds only its own namespace's
   * edges. `rid` is the largest edge rid it read: every later insert, by any connection, lies past
   * it, since a rid is never given twice (graph-tables.ts `applyWrite`).
   */
  private readonly adjacencies = new Map<string, { graph: Adjacency; rid: number }>();
  private vectorIndex!: VectorIndex;
  private readonly log: ChangeLog;
  private dataVersion = 0;
  private closed = false;
  readonly readOnly: boolean;

  constructor(options: EmbeddedStoreOptions) {
    this.path = options.path;
    this.readOnly = options.readOnly ?? false;
    this.db = openDatabase({ path: options.path, durability: options.durability, readonly: this.readOnly });
    try {
      this.dimensions = claimDimensions(this.db, options.path, options.dimensions, this.readOnly);
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.kinds = options.kinds ?? new KindRegistry();
    this.annThreshold = options.annThreshold ?? 2048;
    this.graph = new GraphTables(this.db);
    this.text = openTextTables(this.db);
    this.vectors = new VectorTables(this.db, this.dimensions);
    this.log = new ChangeLog(this.db);
    this.rebuildCaches();
  }

  /** Records which embedder made this file's vectors; refuses a different one later. */
  claimEmbedder(id: string): void {
    const known = readMeta(this.db, "embedder");
    if (known === undefined) {
      if (!this.readOnly) writeMeta(this.db, "embedder", id); // read-only: the first writable open claims it
    } else if (known !== id) {
      throw new IncompatibleDatabaseError(`${this.path} holds vectors from embedder "${known}"; this memory is configured with "${id}"`);
    }
  }

  // ---- writes ------------------------------------------------------------------------------

  async commit(batch: MemoryBatch): Promise<void> {
    this.writable();
    checkGraphWrite(batch.graph, this.kinds);
    const namespaces = [...(batch.graph.nodes ?? []), ...(batch.graph.edges ?? []), ...batch.texts, ...batch.vectors].map((x) => x.ns);
    const effects = this.transaction(namespaces, () => ({
      edges: this.graph.applyWrite(batch.graph),
      vectors: this.vectors.applyUpsert(batch.vectors),
      texts: this.text.applyIndex(batch.texts),
    }), (e) => ({ rewritten: e.edges.rewritten, vectors: e.vectors }));
    this.learnEdges(effects.edges.edges);
    this.learnVectors(effects.vectors);
  }

  async write(batch: GraphWrite): Promise<void> {
    return this.commit({ graph: batch, texts: [], vectors: [] });
  }

  async invalidate(request: InvalidateRequest): Promise<number> {
    this.writable();
    checkNamespace(request.ns);
    const { count, edges } = this.transaction([request.ns], () => this.graph.applyInvalidate(request), (r) => ({ rewritten: r.edges.map((e) => ({ ns: request.ns, id: e.id })) }));
    for (const e of edges) this.adjacencies.get(request.ns)?.graph.setTimes(request.ns, e.id, e.validTo, e.expiredAt);
    return count;
  }

  async eraseBySource(request: { ns: string; sourceId: string; change: Change }): Promise<EraseReport> {
    this.writable();
    checkNamespace(request.ns);
    const tables = { graph: this.graph, text: this.text, vectors: this.vectors };
    const effects = this.transaction(
      [request.ns], () => applyEraseBySource(this.db, tables, request.ns, request.sourceId, request.change),
      (e) => ({ rewritten: e.edgeIds.map((id) => ({ ns: request.ns, id })), vectors: e.vectorChanges }),
    );
    const built = this.adjacencies.get(request.ns);
    for (const id of effects.edgeIds) built?.graph.remove(request.ns, id);
    this.learnVectors(effects.vectorChanges);
    return effects.report;
  }

  async upsert(points: readonly VectorPoint[]): Promise<void> {
    this.writable();
    points.forEach((p, i) => checkNamespace(p.ns, `points[${i}].ns`));
    this.learnVectors(this.transaction(points.map((p) => p.ns), () => this.vectors.applyUpsert(points), (vectors) => ({ vectors })));
  }

  async index(docs: readonly TextDoc[]): Promise<void> {
    this.writable();
    docs.forEach((d, i) => checkNamespace(d.ns, `docs[${i}].ns`));
    this.transaction(docs.map((d) => d.ns), () => this.text.applyIndex(docs));
  }

  async delete(request: { ns: string; ids: readonly string[] }): Promise<void> {
    this.writable();
    checkNamespace(request.ns);
    // One call serves both index ports: the id names the same node's text and vector.
    const changes = this.transaction([request.ns], () => {
      this.text.applyDelete(request.ns, request.ids);
      return this.vectors.applyDelete(request.ns, request.ids);
    }, (vectors) => ({ vectors }));
    this.learnVectors(changes);
  }

  // ---- reads -------------------------------------------------------------------------------

  async getNodes(query: { ns: string; ids: readonly string[]; view?: TimeView }): Promise<MemoryNode[]> {
    this.fresh();
    checkNamespace(query.ns);
    return this.graph.getNodes(query.ns, query.ids, query.view);
  }

  async getEdges(query: { ns: string; ids: readonly string[] }): Promise<MemoryEdge[]> {
    this.fresh();
    checkNamespace(query.ns);
    return this.graph.getEdges(query.ns, query.ids);
  }

  async neighbors(query: NeighborQuery): Promise<Neighbor[]> {
    this.fresh();
    checkNamespace(query.ns);
    return this.adjacency(query.ns).neighbors(query);
  }

  /**
   * Served from the in-memory adjacency, brought up to date first (another process may have
   * committed). Own commits update that adjacency in place, so the view follows them; a rebuild
   * after a foreign commit replaces it, leaving older views on the old one: take one per query.
   */
  traversal(query: { ns: string; view?: TimeView }): TraversalGraph {
    this.fresh();
    checkNamespace(query.ns);
    return new AdjacencyTraversal(this.adjacency(query.ns), query.ns, query.view && { ...query.view });
  }

  async findNodes(filter: NodeFilter): Promise<MemoryNode[]> {
    this.fresh();
    checkNamespace(filter.ns);
    return this.graph.findNodes(filter);
  }

  async findEdges(filter: EdgeFilter): Promise<MemoryEdge[]> {
    this.fresh();
    checkNamespace(filter.ns);
    return this.graph.findEdges(filter);
  }

  async history(query: { ns: string; id: string }): Promise<NodeVersion[]> {
    this.fresh();
    checkNamespace(query.ns);
    return this.graph.history(query.ns, query.id);
  }

  async stats(query?: { ns?: string }): Promise<GraphStats> {
    this.fresh();
    if (query?.ns !== undefined) checkNamespace(query.ns);
    return this.graph.stats(query?.ns);
  }

  async listNamespaces(): Promise<string[]> {
    this.fresh();
    return this.graph.listNamespaces();
  }

  async search(query: VectorQuery | TextQuery): Promise<ScoredId[]> {
    this.fresh();
    checkNamespace(query.ns);
    if ("query" in query) return this.text.search(query);
    const hits = this.vectorIndex.search(query.ns, query.kinds, this.vectors.unitQuery(query), query.k);
    return this.vectors.resolve(query.ns, hits);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      this.vectorIndex.save();
    } finally {
      this.db.close();
    }
  }

  // ---- internals -------------------------------------------------------------------------

  /** Runs a write that changes `namespaces`, and logs them for other connections with what `logged` says of its result. */
  private transaction<T>(namespaces: readonly string[], fn: () => T, logged: (result: T) => LoggedChange = () => ({})): T {
    // IMMEDIATE takes the write lock up front, so concurrent writers queue instead of failing mid-way.
    try {
      const { result, change } = this.db
        .transaction(() => {
          // Another connection may have committed between `fresh()` and this lock: catch up before writing on what it changed.
          if (this.readDataVersion() !== this.dataVersion) this.catchUp();
          const result = fn();
          return { result, change: this.log.record(namespaces, logged(result)) };
        })
        .immediate();
      this.log.saw(change);
      return result;
    } catch (error) {
      this.text.reset(); // its caches moved inside the transaction that just rolled back (counts, new namespace tables)
      throw error;
    }
  }

  /** `fresh`, and refuses a read-only store before anything is read or checked. */
  private writable(): void {
    if (this.readOnly && !this.closed) throw new ReadOnlyError(`embedded store ${this.path}`);
    this.fresh();
  }

  /** Refuses a closed store; catches up with commits of other connections to the file. */
  private fresh(): void {
    if (this.closed) throw new ClosedError(`embedded store ${this.path}`);
    if (this.readDataVersion() !== this.dataVersion) this.catchUp();
  }

  /**
   * Brings the caches of the namespaces other connections changed up to date, as their commits
   * logged them: an adjacency takes the edges inserted past its largest rid and reads the rewritten
   * ones again (each as it is now, or gone), or is dropped (rebuilt on next use) where the log cannot
   * name what was rewritten; vector partitions catch up (vector-index.ts). All caches are dropped
   * where the log cannot tell what changed. One read transaction: the log, the rows read and the
   * data_version recorded are of one snapshot, so a commit landing meanwhile is simply the next one
   * to catch up with. (Inside a write's transaction this is a savepoint of it.)
   */
  private catchUp(): void {
    this.db.transaction(() => {
      const changed = this.log.changedSince();
      if (changed === undefined) return this.rebuildCaches();
      this.text.reset(); // cheap: counts and table numbers, re-read on demand
      const maxRid = this.graph.maxEdgeRid();
      for (const { ns, rewrittenEdges, removedVectors } of changed.namespaces) {
        this.vectorIndex.catchUp(ns, removedVectors);
        const built = this.adjacencies.get(ns);
        if (!built) continue;
        // The catch-up reads every namespace's rows past `rid`: where those, or the rewritten
        // edges, outnumber the namespace's own edges, reading the namespace again is cheaper.
        const work = Math.max(0, maxRid - built.rid) + (rewrittenEdges?.length ?? 0); // maxRid may lie below a deleted newest rid
        if (rewrittenEdges === undefined || work > built.graph.edgeCount) {
          this.adjacencies.delete(ns);
          continue;
        }
        const rewritten = new Set(rewrittenEdges);
        for (const e of this.graph.edgesNamed(ns, rewrittenEdges)) {
          built.graph.upsert(e);
          rewritten.delete(e.id);
        }
        for (const id of rewritten) built.graph.remove(ns, id); // deleted
        this.learnEdges(this.graph.edgesAfter(ns, built.rid));
      }
      this.log.saw(changed.through); // only now: a catch-up that throws part-way is done again
      this.dataVersion = this.readDataVersion();
    })();
  }

  /**
   * A namespace's adjacency, built on its first traversal, not at open: opening stays fast, stores
   * that never traverse pay nothing, and in a file of many namespaces a query reads only its own
   * (one range of the (ns, id) key), and a write elsewhere never dirties its snapshot.
   */
  private adjacency(ns: string): Adjacency {
    const built = this.adjacencies.get(ns);
    if (built) return built.graph;
    const graph = new Adjacency();
    let rid = 0;
    for (const edge of this.graph.edgesOf(ns)) {
      graph.upsert(edge);
      rid = edge.rid; // rid order
    }
    // One without edges is not kept: queries naming any number of empty namespaces hold nothing.
    if (graph.edgeCount > 0) this.adjacencies.set(ns, { graph, rid });
    return graph;
  }

  /** Drops every cache; they reload on use. The log position and data_version are read in one snapshot. */
  private rebuildCaches(): void {
    this.adjacencies.clear();
    this.text.reset();
    const saveDir = this.path === ":memory:" ? undefined : `${this.path}.ann`;
    this.vectorIndex = new VectorIndex(this.vectors, { dimensions: this.dimensions, annThreshold: this.annThreshold, saveDir, readOnly: this.readOnly });
    this.db.transaction(() => {
      this.log.catchUp();
      this.dataVersion = this.readDataVersion();
    })();
  }

  private readDataVersion(): number {
    return this.db.pragma("data_version", { simple: true }) as number;
  }

  private learnEdges(edges: Iterable<StoredEdge>): void {
    for (const e of edges) {
      // A namespace not built yet will read these edges from SQLite when first needed.
      const built = this.adjacencies.get(e.ns);
      if (!built) continue;
      built.graph.upsert(e);
      built.rid = Math.max(built.rid, e.rid);
    }
  }

  /**
   * Tells the vector index what a commit changed, in order: adds are grouped per partition, so a
   * removal of a rid this same commit added (an id written twice in one batch) drops it from its group.
   */
  private learnVectors(changes: readonly VectorChange[]): void {
    const added = new Map<string, { ns: string; kind: string; vectors: Map<number, Float32Array> }>();
    for (const c of changes) {
      const key = `${c.ns}\u0000${c.kind}`;
      if (!c.vector) {
        if (added.get(key)?.vectors.delete(c.rid) !== true) this.vectorIndex.remove(c.ns, c.kind, c.rid);
        continue;
      }
      let group = added.get(key);
      if (!group) added.set(key, (group = { ns: c.ns, kind: c.kind, vectors: new Map() }));
      group.vectors.set(c.rid, c.vector);
    }
    for (const g of added.values()) if (g.vectors.size > 0) this.vectorIndex.add(g.ns, g.kind, [...g.vectors.keys()], [...g.vectors.values()]);
  }
}

function claimDimensions(db: SqliteDb, path: string, dimensions: number, readOnly: boolean): number {
  const known = readMeta(db, "dimensions");
  if (known === undefined) {
    if (!readOnly) writeMeta(db, "dimensions", String(dimensions)); // read-only: the first writable open claims them
    return dimensions;
  }
  if (Number(known) !== dimensions) {
    throw new IncompatibleDatabaseError(`${path} stores ${known}-dimensional vectors; this memory is configured for ${dimensions}`);
  }
  return dimensions;
}

/** Opens the embedded store; `await` it like any other backend factory. */
export async function openEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  return new EmbeddedStore(options);
}
