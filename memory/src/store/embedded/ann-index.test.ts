import { existsSync, mkdtempSync, rmSync } from "node:fs";
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

/** An index of keys 1..n, each with its own vector. */
function filled(n: number): AnnIndex {
  const ann = new AnnIndex(DIMS);
  ann.addMany(Array.from({ length: n }, (_, i) => i + 1), Float32Array.from({ length: n * DIMS }, (_, i) => ((i * 7919) % 1000) / 1000 + 0.01));
  return ann;
}

describe("AnnIndex", () => {
  it("keeps a key usearch fails to remove out of its size and results, also after a save and load", () => {
    // Many copies of a few vectors (short chat turns embed alike): usearch 2.25.3 then fails some removals.
    let seed = 1;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return (seed >>> 8) % n;
    };
    const pool = Array.from({ length: 50 }, () => Float32Array.from({ length: DIMS }, () => rand(1000) / 1000 + 0.01));
    const ann = new AnnIndex(DIMS);
    const live = new Set<number>();
    let next = 1;
    const add = () => {
      ann.addMany([next], pool[rand(50)]!);
      live.add(next++);
    };
    for (let i = 0; i < 2048; i++) add();
    for (let i = 0; i < 5000; i++) {
      if (rand(2) === 0) add();
      else {
        const key = [...live][rand(live.size)]!;
        ann.remove(key);
        live.delete(key);
      }
    }
    expect((ann as unknown as { ghosts: Set<number> }).ghosts.size).toBeGreaterThan(0); // the case this test is about
    expect(ann.size).toBe(live.size);
    const hits = pool.flatMap((q) => ann.search(q, 40).map((h) => h.key));
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.filter((k) => !live.has(k))).toEqual([]);

    const path = savePath();
    expect(ann.save(path)).toBe(true);
    const loaded = AnnIndex.load(path, DIMS)!;
    expect(loaded.size).toBe(live.size);
    expect(pool.flatMap((q) => loaded.search(q, 40).map((h) => h.key)).filter((k) => !live.has(k))).toEqual([]);
  });

  it("does not save an index that shrank too far for usearch to load, and removes the stale file", () => {
    const path = savePath();
    const ann = filled(4096);
    expect(ann.save(path)).toBe(true);
    for (let key = 1; key <= 2047; key++) ann.remove(key);
    expect(ann.save(path)).toBe(true); // 2,049 left: the load makes room for 5,461 slots, more than the 4,096
    expect(AnnIndex.load(path, DIMS)!.size).toBe(2049);
    ann.remove(2048);
    expect(ann.save(path)).toBe(false); // 2,048 left: the load would make room for 2,730 of 4,096 slots
    expect(existsSync(path) || existsSync(`${path}.json`)).toBe(false);
    expect(AnnIndex.load(path, DIMS)).toBeUndefined();
  });

  it("saves an index a little past a power of two that lost a few keys (it loads fine)", () => {
    const path = savePath();
    const ann = filled(4100);
    for (let key = 1; key <= 4; key++) ann.remove(key);
    expect(ann.save(path)).toBe(true); // 4,096 live, 4,100 slots: the load makes room for 5,461
    expect(AnnIndex.load(path, DIMS)!.size).toBe(4096);
  });
});
