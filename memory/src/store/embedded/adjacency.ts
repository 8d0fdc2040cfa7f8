import type { Neighbor, NeighborQuery } from "../../ports/graph-store.js";
import { visibleIn } from "../../model/time.js";

/** What traversal needs of an edge; the rest stays in SQLite. */
export interface AdjacencyEdge {
  ns: string;
  id: string;
  kind: string;
  from: string;
  to: string;
  weight: number;
  validFrom: number | null;
  validTo: number | null;
  recordedAt: number;
  expiredAt: number | null;
}

const NONE = Number.NaN;

/**
 * In-memory adjacency for traversal: SQLite answers "which edges touch X" with an index seek per
 * node, which is too slow for spreading activation over large frontiers. Edges live in
 * struct-of-arrays typed storage (about 64 bytes an edge); each node keeps edge numbers for its
 * out- and in-lists. SQLite stays the source of truth: this is rebuilt from it on open and
 * updated only after a transaction commits.
 */
export class Adjacency {
  private readonly nodeIndex = new Map<string, number>();
  private readonly nodeIds: string[] = [];
  private readonly outLists: (number[] | undefined)[] = [];
  private readonly inLists: (number[] | undefined)[] = [];

  private readonly edgeIndex = new Map<string, number>();
  private readonly edgeIds: string[] = [];
  private readonly kindCodes = new Map<string, number>();
  private readonly kindNames: string[] = [];
  private capacity = 0;
  private count = 0;
  private from = new Int32Array(0);
  private to = new Int32Array(0);
  private kind = new Uint16Array(0);
  private weight = new Float64Array(0);
  private validFrom = new Float64Array(0);
  private validTo = new Float64Array(0);
  private recordedAt = new Float64Array(0);
  private expiredAt = new Float64Array(0);

  get edgeCount(): number {
    return this.edgeIndex.size;
  }

  upsert(e: AdjacencyEdge): void {
    const key = scoped(e.ns, e.id);
    const existing = this.edgeIndex.get(key);
    if (existing !== undefined) this.detach(existing);
    const slot = existing ?? this.allocate(key, e.id);
    const from = this.nodeSlot(e.ns, e.from);
    const to = this.nodeSlot(e.ns, e.to);
    this.from[slot] = from;
    this.to[slot] = to;
    this.kind[slot] = this.kindCode(e.kind);
    this.weight[slot] = e.weight;
    this.validFrom[slot] = e.validFrom ?? NONE;
    this.validTo[slot] = e.validTo ?? NONE;
    this.recordedAt[slot] = e.recordedAt;
    this.expiredAt[slot] = e.expiredAt ?? NONE;
    (this.outLists[from] ??= []).push(slot);
    (this.inLists[to] ??= []).push(slot);
  }

  setTimes(ns: string, id: string, validTo: number | null, expiredAt: number | null): void {
    const slot = this.edgeIndex.get(scoped(ns, id));
    if (slot === undefined) return;
    this.validTo[slot] = validTo ?? NONE;
    this.expiredAt[slot] = expiredAt ?? NONE;
  }

  remove(ns: string, id: string): void {
    const key = scoped(ns, id);
    const slot = this.edgeIndex.get(key);
    if (slot === undefined) return;
    this.detach(slot);
    this.edgeIndex.delete(key);
  }

  neighbors(q: NeighborQuery): Neighbor[] {
    const kinds = q.edgeKinds ? new Set(q.edgeKinds.map((k) => this.kindCodes.get(k) ?? -1)) : undefined;
    const rows: Neighbor[] = [];
    for (const id of new Set(q.ids)) {
      const node = this.nodeIndex.get(scoped(q.ns, id));
      if (node === undefined) continue;
      const start = rows.length;
      if (q.direction !== "in") this.collect(rows, id, this.outLists[node], "out", kinds, q);
      if (q.direction !== "out") this.collect(rows, id, this.inLists[node], "in", kinds, q);
      if (q.limitPerNode !== undefined && rows.length - start > q.limitPerNode) {
        const mine = rows.splice(start).sort((a, b) => b.weight - a.weight || (a.edge < b.edge ? -1 : 1));
        rows.push(...mine.slice(0, q.limitPerNode));
      }
    }
    return rows;
  }

  private collect(
    rows: Neighbor[], id: string, list: number[] | undefined, direction: "out" | "in",
    kinds: Set<number> | undefined, q: NeighborQuery,
  ): void {
    if (!list) return;
    for (const slot of list) {
      if (kinds && !kinds.has(this.kind[slot]!)) continue;
      if (q.view && !visibleIn(this.times(slot), q.view)) continue;
      const other = direction === "out" ? this.to[slot]! : this.from[slot]!;
      rows.push({
        node: id,
        neighbor: this.nodeIds[other]!,
        edge: this.edgeIds[slot]!,
        kind: this.kindNames[this.kind[slot]!]!,
        weight: this.weight[slot]!,
        direction,
      });
    }
  }

  private times(slot: number) {
    return {
      validFrom: nullable(this.validFrom[slot]!),
      validTo: nullable(this.validTo[slot]!),
      recordedAt: this.recordedAt[slot]!,
      expiredAt: nullable(this.expiredAt[slot]!),
    };
  }

  private detach(slot: number): void {
    removeFrom(this.outLists[this.from[slot]!], slot);
    removeFrom(this.inLists[this.to[slot]!], slot);
  }

  private nodeSlot(ns: string, id: string): number {
    const key = scoped(ns, id);
    let slot = this.nodeIndex.get(key);
    if (slot === undefined) {
      slot = this.nodeIds.length;
      this.nodeIds.push(id);
      this.nodeIndex.set(key, slot);
    }
    return slot;
  }

  private kindCode(kind: string): number {
    let code = this.kindCodes.get(kind);
    if (code === undefined) {
      code = this.kindNames.length;
      this.kindNames.push(kind);
      this.kindCodes.set(kind, code);
    }
    return code;
  }

  private allocate(key: string, id: string): number {
    if (this.count === this.capacity) this.grow();
    const slot = this.count++;
    this.edgeIds[slot] = id;
    this.edgeIndex.set(key, slot);
    return slot;
  }

  private grow(): void {
    this.capacity = Math.max(1024, this.capacity * 2);
    this.from = resize(this.from, this.capacity);
    this.to = resize(this.to, this.capacity);
    this.kind = resize(this.kind, this.capacity);
    this.weight = resize(this.weight, this.capacity);
    this.validFrom = resize(this.validFrom, this.capacity);
    this.validTo = resize(this.validTo, this.capacity);
    this.recordedAt = resize(this.recordedAt, this.capacity);
    this.expiredAt = resize(this.expiredAt, this.capacity);
  }
}

function scoped(ns: string, id: string): string {
  return `${ns}\u0000${id}`;
}

function nullable(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}

function removeFrom(list: number[] | undefined, slot: number): void {
  if (!list) return;
  const i = list.indexOf(slot);
  if (i >= 0) list.splice(i, 1);
}

type TypedArray = Int32Array | Uint16Array | Float64Array;
function resize<T extends TypedArray>(array: T, capacity: number): T {
  const next = new (array.constructor as new (n: number) => T)(capacity);
  next.set(array);
  return next;
}
