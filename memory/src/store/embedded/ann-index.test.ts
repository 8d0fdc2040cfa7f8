import { readdirSync, readFileSync, rmSync, truncateSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AnnIndex } from "./ann-index.js";
import { TempDirs } from "./test-temp-dirs.js";

const DIMS = 16;

const temp = new TempDirs("ann");
afterEach(() => temp.removeAll());

/** A path to save an index at, in a directory removed after the test. */
function savePath(): string {
  return join(temp.make(), "p.usearch");
}

/** Key's own pseudo-random vector: no two keys' point the same way (a periodic formula made some nearly equal). */
function vector(key: number): Float32Array {
  let seed = key * 2654435761;
  return Float32Array.from({ length: DIMS }, () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x3fffffff - 1;
  });
}

/** An index of keys 1..n, each with its own vector. */
function filled(n: number): AnnIndex {
  const ann = new AnnIndex(DIMS);
  const vectors = new Float32Array(n * DIMS);
  for (let key = 1; key <= n; key++) vectors.set(vector(key), (key - 1) * DIMS);
  ann.addMany(Array.from({ length: n }, (_, i) => i + 1), vectors);
  return ann;
}

describe("AnnIndex", () => {
  it("finds each key by its own vector, and no removed key", () => {
    const ann = filled(500);
    for (const key of [1, 250, 500]) expect(ann.search(vector(key), 1)[0]).toMatchObject({ key });
    for (let key = 1; key <= 500; key += 2) ann.remove(key);
    expect(ann.size).toBe(250);
    const hits = [2, 3, 250, 251].flatMap((key) => ann.search(vector(key), 10).map((h) => h.key));
    expect(hits.filter((key) => key % 2 === 1)).toEqual([]);
    expect(ann.search(vector(250), 1)[0]).toMatchObject({ key: 250 });
    expect(ann.search(vector(250), 1)[0]!.score).toBeCloseTo(1, 2);
  });

  it("finds every key by its own vector: no node is left unreachable (usearch's concurrent add orphaned some)", () => {
    for (const n of [1000, 1500, 2000]) {
      const ann = filled(n);
      const lost = Array.from({ length: n }, (_, i) => i + 1).filter((key) => ann.search(vector(key), 1)[0]?.key !== key);
      expect(lost, `${n} keys`).toEqual([]);
    }
  });

  it("saves and loads with its largest key, which later rows are replayed from", () => {
    const path = savePath();
    const ann = filled(300);
    ann.remove(300);
    ann.save(path);
    const loaded = AnnIndex.load(path, DIMS)!;
    expect(loaded.size).toBe(299);
    expect(loaded.maxKey).toBe(300); // the largest ever added, not the largest left
    expect(loaded.search(vector(42), 1)[0]).toMatchObject({ key: 42 });
  });

  it("commits a save by its meta alone: a save that died before it leaves the last one loadable, and a sweep clears it away", () => {
    const path = savePath();
    const dir = dirname(path);
    const meta = () => JSON.parse(readFileSync(`${path}.meta.json`, "utf8")) as { file: string; bytes: number };
    filled(100).save(path);
    const first = meta().file;
    // A save that crashed after writing its index, before its meta: the meta still names the first file.
    writeFileSync(join(dir, "p.usearch.0000-crashed"), "half an index");
    writeFileSync(join(dir, "p.usearch.0000-crashed.tmp"), "{");
    writeFileSync(join(dir, "p.usearch.json"), "{}"); // an earlier build's meta, which this build never reads
    expect(AnnIndex.load(path, DIMS)).toMatchObject({ size: 100, maxKey: 100 });
    // The next save replaces the file its meta named at once; the sweep removes files no meta names once a minute old.
    filled(120).save(path);
    expect(readdirSync(dir)).not.toContain(first);
    AnnIndex.sweep(dir);
    expect(readdirSync(dir)).toContain("p.usearch.0000-crashed"); // young: it may be a save in progress
    const old = new Date(Date.now() - 120_000);
    for (const f of readdirSync(dir)) utimesSync(join(dir, f), old, old);
    AnnIndex.sweep(dir);
    expect(readdirSync(dir).sort()).toEqual([meta().file, "p.usearch.meta.json"].sort());
    expect(AnnIndex.load(path, DIMS)).toMatchObject({ size: 120, maxKey: 120 });
    AnnIndex.discard(path);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("loads nothing from a missing, cut-short, replaced or differently sized file, or a torn meta (the store rebuilds from its rows)", () => {
    const path = savePath();
    expect(AnnIndex.load(path, DIMS)).toBeUndefined();
    filled(50).save(path);
    expect(AnnIndex.load(path, DIMS)?.size).toBe(50);
    expect(AnnIndex.load(path, DIMS + 1)).toBeUndefined();
    const meta = JSON.parse(readFileSync(`${path}.meta.json`, "utf8")) as { file: string; bytes: number };
    const file = join(dirname(path), meta.file);
    truncateSync(file, meta.bytes - 100); // lost with a disk's unwritten pages
    expect(AnnIndex.load(path, DIMS)).toBeUndefined();
    writeFileSync(file, "not an index"); // usearch itself spends about a minute on this one
    expect(AnnIndex.load(path, DIMS)).toBeUndefined();
    rmSync(file);
    expect(AnnIndex.load(path, DIMS)).toBeUndefined();
    filled(50).save(path);
    writeFileSync(`${path}.meta.json`, JSON.stringify({ maxKey: 50, dimensions: DIMS, bytes: 1 })); // torn: it names no file
    expect(AnnIndex.load(path, DIMS)).toBeUndefined();
  });
});
