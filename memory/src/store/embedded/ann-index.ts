import { randomUUID } from "node:crypto";
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
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
  /** Changed since it was loaded or last saved: a save of an unchanged index is skipped. */
  dirty = true;

  constructor(readonly dimensions: number) {
    this.index = new Index({
      dimensions,
      metric: MetricKind.Cos,
      // int8 storage: 4x less memory and ~1.7x faster inserts than f32, with recall@10 0.93 vs 0.91
      // (both at beams 128 / 128) on hash embeddings of the synthetic corpus (docs/benchmarks.md).
      quantization: ScalarKind.I8,
      connectivity: 16,
      // Inserts run on one thread (see addMany); a narrower build beam with a wider search beam buys
      // back most of that cost with no loss of recall@10 (docs/benchmarks.md).
      expansion_add: 64,
      expansion_search: 192,
      multi: false,
    });
  }

  get size(): number {
    return this.index.size();
  }

  addMany(keys: readonly number[], vectors: Float32Array): void {
    if (keys.length === 0) return;
    // One thread: usearch's concurrent add can leave a node stored but linked from nowhere, so no
    // search finds it (unum-cloud/USearch#735). Measured here: two threads left 0.02-0.4 % of stored
    // vectors out of their own search results, one thread none in the same runs, at half the speed.
    this.index.add(BigUint64Array.from(keys, BigInt), vectors, 1);
    for (const k of keys) if (k > this.maxKey) this.maxKey = k;
    this.dirty = true;
  }

  remove(key: number): void {
    this.index.remove(BigInt(key));
    this.dirty = true;
  }

  search(query: Float32Array, k: number): { key: number; score: number }[] {
    if (this.size === 0) return [];
    const found = this.index.search(query, Math.min(k, this.size), 1);
    return Array.from(found.keys, (key, i) => ({ key: Number(key), score: 1 - found.distances[i]! }));
  }

  /**
   * Saves the index as `<path>.<uuid>`, then `<path>.meta.json`, which names that file, its length
   * and the largest key: the meta's rename is the one commit point, so a crash mid-save, or two
   * connections saving at once, leaves a meta and the very file it was written for (or an older
   * pair). Both are flushed to disk before the rename; the file the old meta named is removed after
   * it (a reader that opened it keeps it; one that read the old meta and finds the file gone
   * rebuilds). The length is checked before usearch reads a file: usearch does not check what it
   * loads (2.26.2 spent 58 s on 12 bytes of text before it threw; 2.25.3 crashed).
   */
  save(path: string): void {
    const file = `${basename(path)}.${randomUUID()}`;
    const saved = join(dirname(path), file);
    this.index.save(saved);
    flush(saved);
    const meta: SavedMeta = { file, bytes: statSync(saved).size, maxKey: this.maxKey, dimensions: this.dimensions };
    const tmp = `${saved}.tmp`;
    writeFileSync(tmp, JSON.stringify(meta));
    flush(tmp);
    const replaced = readMeta(path)?.file;
    renameSync(tmp, metaPath(path));
    if (replaced !== undefined && replaced !== file) rmSync(join(dirname(path), basename(replaced)), { force: true });
    this.dirty = false;
  }

  /** Whether an index was saved at `path`. */
  static exists(path: string): boolean {
    return existsSync(metaPath(path));
  }

  /** Removes a saved index: its meta and the file it names. Another connection's save in progress is left alone. */
  static discard(path: string): void {
    const named = readMeta(path)?.file;
    rmSync(metaPath(path), { force: true });
    if (named !== undefined) rmSync(join(dirname(path), basename(named)), { force: true });
  }

  /**
   * Removes the files in `dir` no meta names, once a minute old (younger ones may be a save in
   * progress): what a crash mid-save leaves, and the files of builds before the meta named its file.
   */
  static sweep(dir: string): void {
    if (!existsSync(dir)) return;
    const entries = readdirSync(dir);
    const named = new Set(entries.filter((e) => e.endsWith(META)).map((e) => readMeta(join(dir, e.slice(0, -META.length)))?.file));
    const now = Date.now();
    for (const entry of entries) {
      if (entry.endsWith(META) || named.has(entry)) continue;
      try {
        const file = join(dir, entry);
        if (now - statSync(file).mtimeMs >= SETTLED_MS) rmSync(file, { force: true });
      } catch {
        // Removed meanwhile by another connection: nothing left to do.
      }
    }
  }

  /**
   * Loads a saved index, or returns undefined when there is none, or the file its meta names is
   * missing or not the length recorded (replaced, or cut short on a disk that lost it), or it is for
   * other dimensions: the store then rebuilds the partition from its rows.
   */
  static load(path: string, dimensions: number): AnnIndex | undefined {
    const meta = readMeta(path);
    if (!meta || meta.dimensions !== dimensions) return undefined;
    try {
      const saved = join(dirname(path), basename(meta.file));
      if (!existsSync(saved) || statSync(saved).size !== meta.bytes) return undefined;
      const ann = new AnnIndex(dimensions);
      ann.index.load(saved);
      ann.maxKey = meta.maxKey;
      ann.dirty = false;
      return ann;
    } catch {
      // Only a cache: rebuilding from SQLite is always correct.
      return undefined;
    }
  }
}

/** What is saved as `<path>.meta.json`. A name of its own: builds before it kept `<path>.json` beside their `<path>` file, and must not read this one against theirs. */
interface SavedMeta {
  /** The index file, in the same directory. */
  file: string;
  /** Its length when saved. */
  bytes: number;
  maxKey: number;
  dimensions: number;
}

const META = ".meta.json";

/** Files younger than this may be another connection's save in progress. */
const SETTLED_MS = 60_000;

function metaPath(path: string): string {
  return `${path}${META}`;
}

function readMeta(path: string): SavedMeta | undefined {
  try {
    const meta = JSON.parse(readFileSync(metaPath(path), "utf8")) as Partial<SavedMeta>;
    const valid = typeof meta.file === "string" && typeof meta.bytes === "number" && typeof meta.maxKey === "number" && typeof meta.dimensions === "number";
    return valid ? (meta as SavedMeta) : undefined;
  } catch {
    return undefined; // none, or torn: a cache, rebuilt from the rows
  }
}

function flush(file: string): void {
  const fd = openSync(file, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
