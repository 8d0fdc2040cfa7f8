import {
  KindRegistry, ValidationError, NAMESPACE_PATTERN,
  type Change, type EdgeFilter, type EraseReport, type GraphStats, type GraphStore, type GraphWrite, type InvalidateRequest,
  type MemoryEdge, type MemoryNode, type Neighbor, type NeighborQuery, type NodeFilter, type NodeVersion, type TimeView,
} from "@hippograph/memory";
import type { Connection, Row } from "./connection.js";
import { edgesByIds, findEdges, neighborsHop } from "./cypher/edge-read.js";
import { findNodes, historyOf, nodesByIds, versionsAsOf } from "./cypher/node-read.js";
import { awaitIndexes, schemaStatements } from "./cypher/schema.js";
import { spreadActivation, type SpreadOptions } from "./cypher/spread.js";
import { chunk } from "./cypher/statement.js";
import { dropAll, edgeCounts, listNamespaces, namespaceCount, nodeCounts } from "./cypher/stats.js";
import { eraseIn, invalidateIn } from "./graph-maintain.js";
import { checkWrite, writeGraph } from "./graph-write.js";
import { edgeFromProps, inOrder, nodeFromProps, nodeFromVersion, versionFromProps } from "./rows.js";

export interface Neo4jStoreOptions {
  kinds?: KindRegistry;
  /** Rows per UNWIND statement (default 1,000); a batch of N rows becomes ceil(N / batchSize) statements per kind. */
  batchSize?: number;
  clock?: () => number;
}

/**
 * GraphStore on Neo4j 5. Every method is one managed transaction (the driver retries transient
 * failures); every statement comes from a pure builder in cypher/, with values as parameters.
 */
export class Neo4jGraphStore implements GraphStore {
  readonly kinds: KindRegistry;
  readonly batchSize: number;
  private readonly clock: () => number;

  constructor(readonly connection: Connection, options: Neo4jStoreOptions = {}) {
    this.kinds = options.kinds ?? new KindRegistry();
    this.batchSize = options.batchSize ?? 1_000;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${this.batchSize}`);
    this.clock = options.clock ?? Date.now;
  }

  /** Constraints and indexes, idempotently; waits until they are online. */
  async setupSchema(options: { vectorDimensions?: number } = {}): Promise<void> {
    for (const s of schemaStatements(this.kinds, options)) await this.connection.write((tx) => tx.run(s));
    await this.connection.write((tx) => tx.run(awaitIndexes()));
  }

  async write(batch: GraphWrite): Promise<void> {
    checkWrite(batch, this.kinds);
    if (!batch.nodes?.length && !batch.edges?.length) return;
    const now = batch.recordedAt ?? this.clock();
    await this.connection.write((tx) => writeGraph(tx, this.kinds, batch, this.batchSize, now));
  }

  async getNodes(q: { ns: string; ids: readonly string[]; view?: TimeView }): Promise<MemoryNode[]> {
    checkNs(q.ns);
    if (q.ids.length === 0) return [];
    const at = q.view?.knownAt;
    if (at !== undefined) {
      const rows = await this.readAll(q.ids, (part) => versionsAsOf(q.ns, part, at));
      const nodes = rows.filter((r) => r.v != null).map((r) => nodeFromVersion(versionFromProps(r.v as Row)));
      const known = nodes.filter((n) => n.time.recordedAt <= at && (n.time.expiredAt === null || n.time.expiredAt > at));
      return inOrder(q.ids, known);
    }
    const rows = await this.readAll(q.ids, (part) => nodesByIds(q.ns, part));
    return inOrder(q.ids, rows.map((r) => nodeFromProps(r.n as Row)));
  }

  async getEdges(q: { ns: string; ids: readonly string[] }): Promise<MemoryEdge[]> {
    checkNs(q.ns);
    if (q.ids.length === 0) return [];
    const rows = await this.readAll(q.ids, (part) => edgesByIds(this.kinds, q.ns, part));
    return inOrder(q.ids, rows.map((r) => edgeFromProps(r.e as Row)));
  }

  async neighbors(q: NeighborQuery): Promise<Neighbor[]> {
    checkNs(q.ns);
    const s = neighborsHop(this.kinds, q);
    if (!s || q.ids.length === 0) return [];
    const rows = await this.connection.read((tx) => tx.run(s));
    return rows.map((r) => ({
      node: String(r.node), neighbor: String(r.neighbor), edge: String(r.edge), kind: String(r.kind),
      weight: Number(r.weight), direction: r.direction === "in" ? "in" : "out",
    }));
  }

  /** Bounded spreading activation pushed down to the server (see cypher/spread.ts for the semantics). */
  async spread(o: SpreadOptions): Promise<{ id: string; activation: number }[]> {
    checkNs(o.ns);
    const s = spreadActivation(this.kinds, o);
    if (!s) return [];
    const rows = await this.connection.read((tx) => tx.run(s));
    return rows.map((r) => ({ id: String(r.id), activation: Number(r.activation) }));
  }

  async findNodes(f: NodeFilter): Promise<MemoryNode[]> {
    checkNs(f.ns);
    const rows = await this.connection.read((tx) => tx.run(findNodes(f)));
    return rows.map((r) => nodeFromProps(r.n as Row));
  }

  async findEdges(f: EdgeFilter): Promise<MemoryEdge[]> {
    checkNs(f.ns);
    const rows = await this.connection.read((tx) => tx.run(findEdges(this.kinds, f)));
    return rows.map((r) => edgeFromProps(r.e as Row));
  }

  async invalidate(r: InvalidateRequest): Promise<number> {
    checkNs(r.ns);
    return this.connection.write((tx) => invalidateIn(tx, this.kinds, r, this.batchSize));
  }

  async eraseBySource(r: { ns: string; sourceId: string; change: Change }): Promise<EraseReport> {
    checkNs(r.ns);
    return this.connection.write((tx) => eraseIn(tx, this.kinds, r.ns, r.sourceId, r.change));
  }

  async history(q: { ns: string; id: string }): Promise<NodeVersion[]> {
    checkNs(q.ns);
    const rows = await this.connection.read((tx) => tx.run(historyOf(q.ns, q.id)));
    return rows.map((r) => versionFromProps(r.v as Row));
  }

  async stats(q?: { ns?: string }): Promise<GraphStats> {
    const ns = q?.ns ?? null;
    if (ns !== null) checkNs(ns);
    return this.connection.read(async (tx) => {
      const count = (rows: Row[]) => Object.fromEntries(rows.map((r) => [String(r.kind), Number(r.count)]));
      const nodes = count(await tx.run(nodeCounts(ns)));
      const edges = count(await tx.run(edgeCounts(ns)));
      const [n] = await tx.run(namespaceCount(ns));
      return { nodes, edges, namespaces: Number(n?.namespaces ?? 0) };
    });
  }

  async listNamespaces(): Promise<string[]> {
    const rows = await this.connection.read((tx) => tx.run(listNamespaces()));
    return rows.map((r) => String(r.ns));
  }

  /** Deletes every Hippograph record in the database (tests, demo resets). Never called implicitly. */
  async dropEverything(): Promise<void> {
    for (;;) {
      const [row] = await this.connection.write((tx) => tx.run(dropAll(10_000)));
      if (Number(row?.deleted ?? 0) === 0) return;
    }
  }

  async close(): Promise<void> {
    await this.connection.close();
  }

  /** Reads ids in UNWIND batches, all in one read transaction (one snapshot). */
  private readAll(ids: readonly string[], build: (part: string[]) => { text: string; params: Record<string, unknown> }): Promise<Row[]> {
    return this.connection.read(async (tx) => {
      const out: Row[] = [];
      for (const part of chunk([...new Set(ids)], this.batchSize)) out.push(...(await tx.run(build(part))));
      return out;
    });
  }
}

function checkNs(ns: unknown): void {
  if (typeof ns !== "string" || !NAMESPACE_PATTERN.test(ns)) throw new ValidationError([{ path: "ns", message: `invalid namespace ${JSON.stringify(ns)}` }]);
}
