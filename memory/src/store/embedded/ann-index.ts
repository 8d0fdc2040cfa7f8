import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Index, MetricKind, ScalarKind } from "usearch";

/**
 * HNSW search through usearch, keyed by vector-table rids. Used once a (namespace, kind) holds more
 * vectors than exact search handles quickly. It may hold stale keys for a moment after a crash; the
 * store resolves every hit against SQLite, so a stale key is dropped, never returned.
 */
export class AnnIndex {
  private readonly index: Index;
  /** Highest rid ever added: a saved index is brought up to date by replaying rids above it. */
  maxKey = 0;
  /**
   * Keys usearch failed to remove (2.25.3 returns 0 for some keys of a vector repeated many times,
   * measured: 65 of 2,102 removals with 50 distinct vectors among 2,048): still in its graph, so
   * kept out of results and out of the size, and saved with the index.
   */
  private readonly ghosts = new Set<number>();
  /** The most keys it ever held at once: the slots a saved file holds (usearch reuses a removed key's slot). */
  private peak = 0;

  constructor(readonly dimensions: number) {
    this.index = new Index({
      dimensions,
      metric: MetricKind.Cos,
      // int8 storage: 4x less memory and ~1.7x faster inserts than f32, with recall@10 0.93 vs 0.91 at
      // these settings on hash embeddings of the synthetic corpus (measured, see docs/benchmarks.md).
      quantization: ScalarKind.I8,
      connectivity: 16,
      expansion_add: 128,
      expansion_search: 128,
      multi: false,
    });
  }

  get size(): number {
    return this.index.size() - this.ghosts.size;
  }

  addMany(keys: readonly number[], vectors: Float32Array): void {
    if (keys.length === 0) return;
    this.index.add(BigUint64Array.from(keys, BigInt), vectors, 0);
    for (const k of keys) if (k > this.maxKey) this.maxKey = k;
    this.peak = Math.max(this.peak, this.index.size());
  }

  remove(key: number): void {
    const k = BigInt(key);
    // The failure is transient: a ghost removed at a later try (a deletion replayed on a saved
    // index) is no longer one. Ghosts are not retried on their own: on a graph in that state a
    // remove was also seen never to return, and a save or load must not risk that.
    if (Number(this.index.remove(k)) > 0 || !this.index.contains(k)) this.ghosts.delete(key);
    else this.ghosts.add(key);
  }

  search(query: Float32Array, k: number): { key: number; score: number }[] {
    if (this.size === 0) return [];
    const found = this.index.search(query, Math.min(k + this.ghosts.size, this.index.size()), 1);
    const out: { key: number; score: number }[] = [];
    for (let i = 0; i < found.keys.length && out.length < k; i++) {
      const key = Number(found.keys[i]!);
      if (!this.ghosts.has(key)) out.push({ key, score: 1 - found.distances[i]! });
    }
    return out;
  }

  /**
   * Saves the index, unless it shrank too far to load. After a load, usearch 2.25.3's binding
   * reserves room for ceil2(live count) keys (javascript/lib.cpp), which its key table rounds to
   * ⌊4/3 · ceil2(live)⌋ slots, then copies one entry per slot of the file: a slot for the most keys
   * the index ever held at once. More slots than room corrupt the heap and abort the process
   * (measured, in child processes: 2,740 slots with 2,048 live aborts, 2,730 loads; 4,096 slots
   * with 2,048 live aborts, 2,049 loads). Such an index is not saved, with a margin of 1/64 of the
   * room (one slot over went unnoticed in the measurements: a bound that close is not trusted); a file
   * saved before is removed: the next open builds the partition from the rows. Returns whether it
   * was saved.
   */
  save(path: string): boolean {
    const room = Math.floor((4 * ceilPow2(this.index.size())) / 3);
    if (room - Math.max(1, Math.ceil(room / 64)) < this.peak) {
      AnnIndex.discard(path);
      return false;
    }
    this.index.save(path);
    writeFileSync(`${path}.json`, JSON.stringify({ maxKey: this.maxKey, dimensions: this.dimensions, ghosts: [...this.ghosts], peak: this.peak }));
    return true;
  }

  /** Removes a saved index. */
  static discard(path: string): void {
    rmSync(path, { force: true });
    rmSync(`${path}.json`, { force: true });
  }

  /** Loads a saved index, or returns undefined when there is none or it does not fit. */
  static load(path: string, dimensions: number): AnnIndex | undefined {
    if (!existsSync(path) || !existsSync(`${path}.json`)) return undefined;
    try {
      const meta = JSON.parse(readFileSync(`${path}.json`, "utf8")) as { maxKey: number; dimensions: number; ghosts?: number[]; peak?: number };
      // A file saved without the shrink check (by an earlier build) may crash the load: rebuilt once instead.
      if (meta.dimensions !== dimensions || meta.peak === undefined) return undefined;
      const ann = new AnnIndex(dimensions);
      ann.index.load(path);
      ann.maxKey = meta.maxKey;
      ann.peak = meta.peak;
      for (const key of meta.ghosts ?? []) ann.ghosts.add(key);
      return ann;
    } catch {
      // A torn or foreign file is only a cache: rebuilding from SQLite is always correct.
      return undefined;
    }
  }
}

function ceilPow2(n: number): number {
  return n <= 1 ? 1 : 2 ** Math.ceil(Math.log2(n));
}
