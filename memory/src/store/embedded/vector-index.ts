import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { AnnIndex } from "./ann-index.js";
import { ExactIndex } from "./exact-index.js";

/** Where committed vectors are read from when a partition is first needed. */
export interface VectorRows {
  rows(ns: string, kind: string, afterRid: number): Iterable<{ rid: number; vec: Uint8Array }>;
  count(ns: string, kind: string): number;
  partitions(): Iterable<{ ns: string; kind: string }>;
  kindsOf(ns: string): Iterable<string>;
}

export interface VectorIndexOptions {
  dimensions: number;
  /** Partitions with at least this many vectors use HNSW; smaller ones are searched exactly. */
  annThreshold: number;
  /** Directory to persist HNSW partitions in between runs (file databases only). */
  saveDir?: string;
  /** Load partitions saved in `saveDir` but never write there (a read-only open). */
  readOnly?: boolean;
}

type Partition = ExactIndex | AnnIndex;

/**
 * The in-memory vector side of the embedded store, partitioned by (namespace, kind): a namespace
 * can never see another's vectors, and a kind filter is a choice of partitions rather than a
 * post-filter that starves top-k. Partitions load lazily from SQLite on first search.
 */
export class VectorIndex {
  private readonly loaded = new Map<string, Partition>();
  private readonly kindsByNs = new Map<string, Set<string>>();
  /**
   * Rids deleted from partitions that are not loaded but have a saved HNSW, which still holds them:
   * loading drops them before it compares its size with the rows, or the first update after a
   * reopen would find one entry too many and rebuild the whole partition (16–20 s at 100,000
   * vectors, measured). A partition without a saved index is loaded from the rows alone and needs none.
   */
  private readonly removedUnloaded = new Map<string, Set<number>>();
  /**
   * Per partition key: whether a saved HNSW file was there when first asked. Another connection may
   * save or discard one meanwhile; `catchUp` forgets the answer for the namespaces it changed, and a
   * stale one costs at most a rebuild (every load replays the rows and checks the size).
   */
  private readonly savedOnDisk = new Map<string, boolean>();

  constructor(private readonly source: VectorRows, private readonly options: VectorIndexOptions) {
    for (const { ns, kind } of source.partitions()) this.noteKind(ns, kind);
  }

  /** Called after commit with the rows just written. */
  add(ns: string, kind: string, rids: readonly number[], vectors: readonly Float32Array[]): void {
    this.noteKind(ns, kind);
    const part = this.loaded.get(key(ns, kind));
    if (!part) {
      // Loading reads the committed rows, these included. Loading now rather than at the first search
      // keeps the HNSW graph growing with ingest, so close() can save it and a reopen finds it ready.
      this.partition(ns, kind);
      return;
    }
    if (part instanceof ExactIndex) {
      rids.forEach((rid, i) => part.add(rid, vectors[i]!));
      if (part.size >= this.options.annThreshold) this.loaded.set(key(ns, kind), this.promote(part));
    } else {
      part.addMany(rids, flatten(vectors, this.options.dimensions));
    }
  }

  remove(ns: string, kind: string, rid: number): void {
    const k = key(ns, kind);
    const part = this.loaded.get(k);
    if (part) {
      part.remove(rid);
      // An HNSW partition shrunk to half the threshold reloads as an exact one: a small HNSW graph is
      // all cost and approximate besides. Half, not the threshold, so a partition near it does not
      // flip between the two with every write.
      if (part instanceof AnnIndex && part.size < this.options.annThreshold / 2) {
        this.loaded.delete(k);
        // Its saved file lacks this connection's removals since the save; a reload must not trust it.
        // A read-only open leaves it: loading checks a saved index's size against the rows and rebuilds.
        if (this.hasSaved(k) && !this.options.readOnly) AnnIndex.discard(this.file(k));
        this.savedOnDisk.set(k, false);
      }
      return;
    }
    if (!this.hasSaved(k)) return;
    let rids = this.removedUnloaded.get(k);
    if (!rids) this.removedUnloaded.set(k, (rids = new Set()));
    rids.add(rid);
  }

  search(ns: string, kinds: readonly string[] | undefined, query: Float32Array, k: number): { key: number; score: number }[] {
    const present = this.kindsByNs.get(ns);
    if (!present) return [];
    const wanted = kinds ? kinds.filter((kind) => present.has(kind)) : [...present];
    const hits = wanted.flatMap((kind) => this.partition(ns, kind).search(query, k));
    return hits.sort((a, b) => b.score - a.score).slice(0, k);
  }

  /** Vectors held for a (namespace, kind), loading the partition if needed. */
  size(ns: string, kind: string): number {
    return this.kindsByNs.get(ns)?.has(kind) ? this.partition(ns, kind).size : 0;
  }

  /**
   * Another connection changed `ns`, removing `removed`. A loaded HNSW partition drops those keys,
   * takes the rows added (rids only grow, so they lie past its largest key), and stays when its
   * size then matches the rows; one that does not (the log no longer held all the removals) is
   * dropped, as are exact partitions (they reload in milliseconds), to load again when next
   * searched. An unloaded partition with a saved index has the removals recorded for its load,
   * like this connection's own. Kinds are re-read.
   */
  catchUp(ns: string, removed: readonly { kind: string; rid: number }[]): void {
    for (const kind of this.kindsByNs.get(ns) ?? []) {
      const k = key(ns, kind);
      this.savedOnDisk.delete(k); // the other connection may have saved one since
      for (const r of removed) if (r.kind === kind) this.remove(ns, kind, r.rid);
      const part = this.loaded.get(k);
      if (part === undefined) continue; // not loaded, or shrunk by those removals: loads when next searched
      if (part instanceof AnnIndex) {
        this.fill(part, ns, kind, part.maxKey);
        if (part.size === this.source.count(ns, kind)) continue;
      }
      this.loaded.delete(k);
    }
    this.kindsByNs.delete(ns);
    for (const kind of this.source.kindsOf(ns)) this.noteKind(ns, kind);
  }

  /** Persists HNSW partitions so the next open skips rebuilding them. */
  save(): void {
    const dir = this.options.saveDir;
    if (!dir || this.options.readOnly) return;
    mkdirSync(dir, { recursive: true });
    // A saved partition never loaded since has its deletions dropped from the file itself: no rows read, nothing rebuilt.
    for (const [k, rids] of this.removedUnloaded) {
      const saved = AnnIndex.load(this.file(k), this.options.dimensions);
      if (!saved) continue;
      for (const rid of rids) saved.remove(rid);
      saved.save(this.file(k));
    }
    this.removedUnloaded.clear();
    for (const [k, part] of this.loaded) {
      if (part instanceof AnnIndex && (part.dirty || !this.hasSaved(k))) part.save(this.file(k));
    }
    AnnIndex.sweep(dir);
  }

  private partition(ns: string, kind: string): Partition {
    const k = key(ns, kind);
    let part = this.loaded.get(k);
    if (!part) {
      part = this.load(ns, kind);
      this.loaded.set(k, part);
    }
    return part;
  }

  private load(ns: string, kind: string): Partition {
    const { dimensions, annThreshold, saveDir } = this.options;
    const count = this.source.count(ns, kind);
    const removed = this.removedUnloaded.get(key(ns, kind)) ?? new Set<number>();
    this.removedUnloaded.delete(key(ns, kind));
    if (saveDir && count >= annThreshold) {
      const saved = AnnIndex.load(this.file(key(ns, kind)), dimensions);
      if (saved) {
        for (const rid of removed) saved.remove(rid);
        this.fill(saved, ns, kind, saved.maxKey);
        // More entries than rows means deletions the file missed: rebuild rather than serve stale keys.
        if (saved.size === count) return saved;
      }
    }
    const part: Partition = count >= annThreshold ? new AnnIndex(dimensions) : new ExactIndex(dimensions, Math.max(16, count));
    this.fill(part, ns, kind, 0);
    return part;
  }

  private fill(part: Partition, ns: string, kind: string, afterRid: number): void {
    const batch = 4096;
    let rids: number[] = [];
    let vecs: Float32Array[] = [];
    const flush = () => {
      if (part instanceof AnnIndex) part.addMany(rids, flatten(vecs, this.options.dimensions));
      else rids.forEach((rid, i) => part.add(rid, vecs[i]!));
      rids = [];
      vecs = [];
    };
    for (const row of this.source.rows(ns, kind, afterRid)) {
      rids.push(row.rid);
      vecs.push(toFloat32(row.vec));
      if (rids.length === batch) flush();
    }
    flush();
  }

  private promote(exact: ExactIndex): AnnIndex {
    const ann = new AnnIndex(exact.dimensions);
    const rids: number[] = [];
    const vecs: Float32Array[] = [];
    for (const [rid, vec] of exact.entries()) {
      rids.push(rid);
      vecs.push(vec);
    }
    ann.addMany(rids, flatten(vecs, exact.dimensions));
    return ann;
  }

  private noteKind(ns: string, kind: string): void {
    let kinds = this.kindsByNs.get(ns);
    if (!kinds) this.kindsByNs.set(ns, (kinds = new Set()));
    kinds.add(kind);
  }

  private hasSaved(partitionKey: string): boolean {
    let saved = this.savedOnDisk.get(partitionKey);
    if (saved === undefined) {
      saved = this.options.saveDir !== undefined && AnnIndex.exists(this.file(partitionKey));
      this.savedOnDisk.set(partitionKey, saved);
    }
    return saved;
  }

  private file(partitionKey: string): string {
    const [ns, kind] = partitionKey.split("\u0000") as [string, string];
    // Both hex: a kind reaches this store unchecked through the VectorStore port, and must not be a path.
    return join(this.options.saveDir!, `${hex(ns)}.${hex(kind)}.usearch`);
  }
}

function hex(text: string): string {
  return Buffer.from(text).toString("hex");
}

function key(ns: string, kind: string): string {
  return `${ns}\u0000${kind}`;
}

function flatten(vectors: readonly Float32Array[], dimensions: number): Float32Array {
  const out = new Float32Array(vectors.length * dimensions);
  vectors.forEach((v, i) => out.set(v, i * dimensions));
  return out;
}

/** SQLite blobs need not be 4-byte aligned, so copy rather than view. */
export function toFloat32(bytes: Uint8Array): Float32Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}
