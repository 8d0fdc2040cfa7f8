import { Interner } from "../../model/interner.js";
import type { TimeView } from "../../model/time.js";
import type { Neighbor, NeighborQuery } from "../../ports/graph-store.js";
import type { CompiledEdges, EdgeBlock } from "../../ports/traversal.js";
import { collectList, DIR_KIND, EXPIRED_AT, OTHER, RECORDED_AT, SLOT, STRIDE, VALID_FROM, VALID_TO, visible, WEIGHT } from "./adjacency-list.js";
import { buildSnapshot, collectSnapshot, REBUILD_MIN, REBUILD_SHARE, type Snapshot } from "./adjacency-snapshot.js";
import { EdgeProfile } from "./edge-profile.js";
import { ScopedIndex } from "./scoped-index.js";

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
 * Edge tables with a profile kept at once. A profile reserves 16 bytes a snapshot entry and 25 a
 * node; it writes 8 a node when made (`readyFrom`), the rest only for the nodes queries have fired
 * (so only those pages are used), plus 4 bytes a time-bounded entry of those.
 */
const MAX_PROFILES = 8;

/**
 * In-memory adjacency for traversal: SQLite answers "which edges touch X" with an index seek per
 * node, which is too slow for spreading activation over large frontiers.
 *
 * Each node keeps one list of flat entries (other end, direction and kind, weight, the four time
 * fields, edge slot), a JS array of unboxed doubles. Walking a node's edges is then one sequential
 * read: an earlier layout kept edge fields in per-edge typed arrays and lists of edge numbers, and
 * every edge visit missed the cache several times. The price is memory, each edge being stored in
 * both end nodes' lists: about 140 bytes an edge. An edge's slot records its ends, so updates find
 * its two entries.
 *
 * Bulk reads (`collectEdges`, and `compiledAt`'s per-table profiles, which the graph operators read
 * in place) go through a compact snapshot of the lists (see `Snapshot`: 16 bytes an entry, about 32
 * more bytes an edge), built on first need. A write does not touch it: it marks the nodes whose
 * lists changed, which are then read from their lists, and the snapshot (with its profiles) is
 * rebuilt on the next read once the changed entries exceed an eighth of it, so an agent that
 * interleaves writes and queries pays O(1) amortised per write, not O(E) per query. `visitEdges`
 * and `neighbors` always read the lists.
 *
 * SQLite stays the source of truth: the embedded store builds one of these per namespace from it on
 * that namespace's first traversal, and updates it only after a transaction commits.
 */
export class Adjacency {
  private readonly nodeIndex = new ScopedIndex();
  private readonly nodeIds: string[] = [];
  private readonly lists: (number[] | undefined)[] = [];

  private readonly edgeIndex = new ScopedIndex();
  private readonly edgeIds: string[] = [];
  private readonly kinds = new Interner();
  private capacity = 0;
  private count = 0;
  private from: Int32Array<ArrayBuffer> = new Int32Array(0);
  private to: Int32Array<ArrayBuffer> = new Int32Array(0);

  /** Compact copy of the lists for bulk reads (`collectEdges`), built on first need; see `Snapshot`. */
  private snapshot: Snapshot | undefined;
  /** Per node of the snapshot: 1 once a write changed its list, which then serves it instead. */
  private dirty = new Uint8Array(0);
  /** Entries of dirty lists plus writes since the snapshot: when this outgrows a share of it, it is rebuilt. */
  private drift = 0;
  /** Per edge table: its profile of the current snapshot, in order of last use (a use moves it to the end). */
  private profiles = new Map<string, EdgeProfile>();

  get edgeCount(): number {
    return this.edgeIndex.size;
  }

  /** Node slots span every namespace this adjacency holds and are never reused, so a slot stays a valid handle. */
  get nodeBound(): number {
    return this.nodeIds.length;
  }

  /** The node's slot in namespace `ns`, or -1 when no edge ever touched it there. */
  nodeHandle(ns: string, id: string): number {
    return this.nodeIndex.get(ns, id) ?? -1;
  }

  nodeId(slot: number): string {
    return this.nodeIds[slot]!;
  }

  /** The code of an edge kind, or -1 when no edge has it (never assigns one). */
  knownKindCode(kind: string): number {
    return this.kinds.code(kind);
  }

  /**
   * Adds an edge, or rewrites one: in place when its ends stay, so its entries keep their position
   * in the lists (the order an adjacency built from the file has: first written first); an edge
   * moved to other ends is re-appended.
   */
  upsert(e: AdjacencyEdge): void {
    const existing = this.edgeIndex.get(e.ns, e.id);
    const from = this.nodeSlot(e.ns, e.from);
    const to = this.nodeSlot(e.ns, e.to);
    const kind = this.kinds.intern(e.kind);
    const validFrom = e.validFrom ?? NONE;
    const validTo = e.validTo ?? NONE;
    const expiredAt = e.expiredAt ?? NONE;
    if (existing !== undefined && this.from[existing] === from && this.to[existing] === to) {
      for (const node of this.ends(existing)) {
        this.changed(node);
        const list = this.lists[node]!;
        for (let i = 0; i < list.length; i += STRIDE) {
          if (list[i + SLOT] !== existing) continue;
          list[i + DIR_KIND] = kind * 2 + (list[i + DIR_KIND]! & 1);
          list[i + WEIGHT] = e.weight;
          list[i + VALID_FROM] = validFrom;
          list[i + VALID_TO] = validTo;
          list[i + RECORDED_AT] = e.recordedAt;
          list[i + EXPIRED_AT] = expiredAt;
        }
      }
      return;
    }
    if (existing !== undefined) this.detach(existing);
    const slot = existing ?? this.allocate(e.ns, e.id);
    this.from[slot] = from;
    this.to[slot] = to;
    this.changed(from);
    this.changed(to);
    (this.lists[from] ??= []).push(to, kind * 2 + 1, e.weight, validFrom, validTo, e.recordedAt, expiredAt, slot);
    (this.lists[to] ??= []).push(from, kind * 2, e.weight, validFrom, validTo, e.recordedAt, expiredAt, slot);
  }

  setTimes(ns: string, id: string, validTo: number | null, expiredAt: number | null): void {
    const slot = this.edgeIndex.get(ns, id);
    if (slot === undefined) return;
    for (const node of this.ends(slot)) {
      this.changed(node);
      const list = this.lists[node]!;
      for (let i = 0; i < list.length; i += STRIDE) {
        if (list[i + SLOT] !== slot) continue;
        list[i + VALID_TO] = validTo ?? NONE;
        list[i + EXPIRED_AT] = expiredAt ?? NONE;
      }
    }
  }

  remove(ns: string, id: string): void {
    const slot = this.edgeIndex.get(ns, id);
    if (slot === undefined) return;
    this.detach(slot);
    this.edgeIndex.delete(ns, id);
  }

  /**
   * Visits the node's edges, skipping those outside the view. The traversal hot loop: no
   * allocation, and the time checks are inlined (see `visible`).
   */
  visitEdges(
    node: number, view: TimeView | undefined,
    visit: (other: number, kind: number, weight: number, out: boolean) => void,
  ): void {
    const validAt = view?.validAt ?? NONE;
    const knownAt = view?.knownAt ?? NONE;
    const list = this.lists[node];
    if (list === undefined) return;
    for (let i = 0; i < list.length; i += STRIDE) {
      if (!visible(list, i, validAt, knownAt)) continue;
      const dirKind = list[i + DIR_KIND]!;
      visit(list[i + OTHER]!, dirKind >> 1, list[i + WEIGHT]!, (dirKind & 1) === 1);
    }
  }

  /**
   * `TraversalGraph.collectEdges`: the node's edges visible in the view and admitted by `mask`
   * (bit 1: out-edges, bit 2: in-edges, per kind code), written to `into` in list order. Reads the
   * snapshot when it is current for this node and the view, else the node's list.
   */
  collectEdges(node: number, view: TimeView | undefined, mask: Uint8Array, into: EdgeBlock): number {
    return this.collectAt(node, view?.validAt ?? NONE, view?.knownAt ?? NONE, mask, into);
  }

  /** `collectEdges` with the view as two numbers, NaN for an unconstrained axis. */
  collectAt(node: number, validAt: number, knownAt: number, mask: Uint8Array, into: EdgeBlock): number {
    const snap = this.current();
    // A view known before some edge was recorded must check every edge's recordedAt: lists do.
    if (node < snap.nodes && this.dirty[node] === 0 && !(knownAt < snap.lastRecorded)) return collectSnapshot(snap, node, validAt, knownAt, mask, into);
    return collectList(this.lists[node], validAt, knownAt, mask, into);
  }

  /**
   * `TraversalGraph.compiled` for a view (NaN = unconstrained axis): the current snapshot's
   * profile of the edge table, serving the nodes no write has changed since, each compiled when an
   * operator first fires it. Undefined for a view known before the snapshot's last write (lists
   * check recordedAt; profiles do not).
   */
  compiledAt(validAt: number, knownAt: number, mask: Uint8Array, kindWeight: Float64Array): CompiledEdges | undefined {
    const snap = this.current();
    if (knownAt < snap.lastRecorded) return undefined;
    const p = this.profile(snap, mask, kindWeight);
    const dirty = this.dirty;
    return {
      readyFrom: p.readyFrom, viewTime: validAt === validAt ? validAt : -Infinity,
      bounds: p.bounds, targets: p.targets, kinds: p.kinds, weights: p.weights,
      prepare(node) {
        if (node >= snap.nodes || dirty[node] !== 0) return false;
        if (p.compiled[node] === 0) p.compile(node);
        return true;
      },
      timed: (node, into) => p.collectTimed(node, validAt, knownAt, into),
    };
  }

  /** The table's profile of the current snapshot, made (empty) if need be; the least recently used goes past MAX_PROFILES. */
  private profile(snap: Snapshot, mask: Uint8Array, kindWeight: Float64Array): EdgeProfile {
    const key = `${mask.join()}/${kindWeight.join()}`;
    const p = this.profiles.get(key) ?? new EdgeProfile(snap, mask, kindWeight);
    this.profiles.delete(key);
    this.profiles.set(key, p);
    if (this.profiles.size > MAX_PROFILES) this.profiles.delete(this.profiles.keys().next().value!);
    return p;
  }

  /** The snapshot, rebuilt first when writes have drifted too far from it. */
  private current(): Snapshot {
    const snap = this.snapshot;
    if (snap !== undefined && this.drift <= Math.max(REBUILD_MIN, snap.entries * REBUILD_SHARE)) return snap;
    const built = buildSnapshot(this.lists, this.nodeIds.length);
    this.snapshot = built;
    this.dirty = new Uint8Array(built.nodes);
    this.drift = 0;
    this.profiles.clear();
    return built;
  }

  /** A write changed this node's list: the snapshot no longer serves it. */
  private changed(node: number): void {
    if (this.snapshot === undefined) return;
    this.drift++;
    if (node >= this.dirty.length || this.dirty[node] === 1) return;
    this.dirty[node] = 1;
    for (const p of this.profiles.values()) p.readyFrom[node] = Number.NaN;
    this.drift += (this.lists[node]?.length ?? 0) / STRIDE;
  }

  neighbors(q: NeighborQuery): Neighbor[] {
    const kinds = q.edgeKinds ? new Set(q.edgeKinds.map((k) => this.knownKindCode(k))) : undefined;
    const rows: Neighbor[] = [];
    for (const id of new Set(q.ids)) {
      const node = this.nodeIndex.get(q.ns, id);
      if (node === undefined) continue;
      const start = rows.length;
      // Out-edges first, then in-edges, as the port has always listed them.
      if (q.direction !== "in") this.collect(rows, id, this.lists[node], "out", kinds, q);
      if (q.direction !== "out") this.collect(rows, id, this.lists[node], "in", kinds, q);
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
    const validAt = q.view?.validAt ?? NONE;
    const knownAt = q.view?.knownAt ?? NONE;
    const outBit = direction === "out" ? 1 : 0;
    for (let i = 0; i < list.length; i += STRIDE) {
      const dirKind = list[i + DIR_KIND]!;
      if ((dirKind & 1) !== outBit) continue;
      if (kinds && !kinds.has(dirKind >> 1)) continue;
      if (!visible(list, i, validAt, knownAt)) continue;
      rows.push({
        node: id,
        neighbor: this.nodeIds[list[i + OTHER]!]!,
        edge: this.edgeIds[list[i + SLOT]!]!,
        kind: this.kinds.name(dirKind >> 1),
        weight: list[i + WEIGHT]!,
        direction,
      });
    }
  }

  private detach(slot: number): void {
    for (const node of this.ends(slot)) {
      this.changed(node);
      const list = this.lists[node]!;
      for (let i = list.length - STRIDE; i >= 0; i -= STRIDE) if (list[i + SLOT] === slot) list.splice(i, STRIDE);
    }
  }

  /** The edge's end nodes, once each (a self-loop has one, holding both its entries). */
  private ends(slot: number): number[] {
    const from = this.from[slot]!;
    const to = this.to[slot]!;
    return from === to ? [from] : [from, to];
  }

  private nodeSlot(ns: string, id: string): number {
    let slot = this.nodeIndex.get(ns, id);
    if (slot === undefined) {
      slot = this.nodeIds.length;
      this.nodeIds.push(id);
      this.nodeIndex.set(ns, id, slot);
    }
    return slot;
  }

  private allocate(ns: string, id: string): number {
    if (this.count === this.capacity) this.grow();
    const slot = this.count++;
    this.edgeIds[slot] = id;
    this.edgeIndex.set(ns, id, slot);
    return slot;
  }

  private grow(): void {
    this.capacity = Math.max(1024, this.capacity * 2);
    this.from = resize(this.from, this.capacity);
    this.to = resize(this.to, this.capacity);
  }
}

function resize(array: Int32Array, capacity: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(capacity);
  next.set(array);
  return next;
}
