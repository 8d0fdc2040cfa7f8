import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AnnIndex } from "./ann-index.js";

const DIMS = 16;

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A path to save an index at, in a directory removed after the test. */
function savePath(): string {
  const dir = mkdtempSync(join(tmpdir(), "hippograph-ann-"));
  dirs.push(dir);
  return join(dir, "p.usearch");
}

function vector(key: number): Float32Array {
  return Float32Array.from({ length: DIMS }, (_, i) => Math.sin(key * 0.37 + i * 1.3) + 0.01 * i);
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

  it("loads nothing from a missing, cut-short, replaced or differently sized file, or one without its length (the store rebuilds from its rows)", () => {
    const path = savePath();
    expect(AnnIndex.load(path, DIMS)).toBeUndefined();
    filled(50).save(path);
    expect(AnnIndex.load(path, DIMS)?.size).toBe(50);
    expect(AnnIndex.load(path, DIMS + 1)).toBeUndefined();
    const meta = JSON.parse(readFileSync(`${path}.json`, "utf8")) as { bytes: number };
    truncateSync(path, meta.bytes - 100); // a crash while the file was written
    expect(AnnIndex.load(path, DIMS)).toBeUndefined();
    writeFileSync(path, "not an index"); // usearch itself spends about a minute on this one
    expect(AnnIndex.load(path, DIMS)).toBeUndefined();
    filled(50).save(path);
    writeFileSync(`${path}.json`, JSON.stringify({ maxKey: 50, dimensions: DIMS })); // an earlier build's meta
    expect(AnnIndex.load(path, DIMS)).toBeUndefined();
  });
});
