import { readdirSync, readFileSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TempDirs } from "./test-temp-dirs.js";
import { VectorIndex, type VectorRows } from "./vector-index.js";

/** Rows as the vectors table would hold them; tests mutate it the way commits (and crashes) would. */
class FakeRows implements VectorRows {
  rows_ = new Map<number, Float32Array>();
  /** The `afterRid` of every read: 0 is a whole partition (a build), more is a saved index catching up. */
  reads: number[] = [];
  *rows(_ns: string, _kind: string, afterRid: number) {
    this.reads.push(afterRid);
    for (const [rid, v] of [...this.rows_].sort((a, b) => a[0] - b[0])) if (rid > afterRid) yield { rid, vec: new Uint8Array(v.buffer.slice(0)) };
  }
  count() {
    return this.rows_.size;
  }
  partitions() {
    return this.rows_.size > 0 ? [{ ns: "n", kind: "note" }] : [];
  }
  kindsOf(ns: string) {
    return ns === "n" && this.rows_.size > 0 ? ["note"] : [];
  }
}

const DIMS = 16;
/**
 * A pseudo-random unit vector per seed. Independent components keep any two far apart (cosine well
 * below 0.9), so int8 quantisation cannot tie them; sinusoids of one frequency, used before, all
 * lie in one plane, and HNSW then returned a near-duplicate first depending on build order.
 */
function unit(seed: number): Float32Array {
  let state = (seed * 0x9e3779b1) >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
  const v = Float32Array.from({ length: DIMS }, next);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

describe("VectorIndex", () => {
  const temp = new TempDirs("ann");
  afterEach(() => temp.removeAll());
  const saveDir = () => temp.make();

  /** Rows 1..n, indexed (HNSW from 10) and saved: what a closed store leaves beside its file. */
  const savedIndex = (n: number) => {
    const dir = saveDir();
    const rows = new FakeRows();
    for (let rid = 1; rid <= n; rid++) rows.rows_.set(rid, unit(rid));
    const first = new VectorIndex(rows, { dimensions: DIMS, annThreshold: 10, saveDir: dir });
    first.search("n", ["note"], unit(1), 1);
    first.save();
    return { dir, rows };
  };
  const reopen = (rows: FakeRows, dir: string) => new VectorIndex(rows, { dimensions: DIMS, annThreshold: 10, saveDir: dir });

  it("saves again at close only a partition that changed, and keeps the file its meta names when it sweeps", () => {
    const { dir, rows } = savedIndex(40);
    const named = () => readdirSync(dir).filter((f) => f.endsWith(".meta.json")).map((f) => (JSON.parse(readFileSync(join(dir, f), "utf8")) as { file: string }).file);
    const first = named();
    const clean = reopen(rows, dir);
    clean.search("n", ["note"], unit(1), 1); // loaded from its file, unchanged
    clean.save();
    expect(named()).toEqual(first);
    const changed = reopen(rows, dir);
    changed.search("n", ["note"], unit(1), 1);
    rows.rows_.delete(5);
    changed.catchUp("n", [{ kind: "note", rid: 5 }]); // another connection's removal
    changed.save();
    expect(named()).not.toEqual(first);
    const old = new Date(Date.now() - 120_000);
    for (const f of readdirSync(dir)) utimesSync(join(dir, f), old, old);
    reopen(rows, dir).save(); // nothing loaded, nothing saved: the sweep alone
    expect(readdirSync(dir).sort()).toEqual([...named(), "6e.6e6f7465.usearch.meta.json"].sort());
    expect(reopen(rows, dir).size("n", "note")).toBe(39);
    expect(rows.reads.at(-1)).toBe(40); // from the saved index, replaying only rows past its largest key
  });

  it("searches small partitions exactly and promotes to HNSW at the threshold", () => {
    const rows = new FakeRows();
    const index = new VectorIndex(rows, { dimensions: DIMS, annThreshold: 50 });
    for (let rid = 1; rid <= 60; rid++) {
      rows.rows_.set(rid, unit(rid));
      index.add("n", "note", [rid], [unit(rid)]);
    }
    const hits = index.search("n", ["note"], unit(42), 3);
    expect(hits[0]).toMatchObject({ key: 42 });
    expect(hits[0]!.score).toBeCloseTo(1, 2);
    expect(index.search("other", undefined, unit(42), 3)).toEqual([]);
  });

  it("reloads an HNSW partition that shrank below half the threshold as an exact one", () => {
    const rows = new FakeRows();
    for (let rid = 1; rid <= 12; rid++) rows.rows_.set(rid, unit(rid));
    const index = new VectorIndex(rows, { dimensions: DIMS, annThreshold: 10 });
    expect(index.search("n", ["note"], unit(3), 1)[0]?.key).toBe(3); // loaded as HNSW
    const loaded = (index as unknown as { loaded: Map<string, object> }).loaded;
    expect(loaded.get("n\u0000note")?.constructor.name).toBe("AnnIndex");
    for (let rid = 1; rid <= 8; rid++) {
      rows.rows_.delete(rid);
      index.remove("n", "note", rid);
    }
    expect(index.search("n", ["note"], unit(10), 1)[0]?.key).toBe(10);
    expect(loaded.get("n\u0000note")?.constructor.name).toBe("ExactIndex");
    expect(index.size("n", "note")).toBe(4);
  });

  it("catches a saved HNSW index up with rows committed after the save (a crash before close)", () => {
    const dir = saveDir();
    const rows = new FakeRows();
    for (let rid = 1; rid <= 40; rid++) rows.rows_.set(rid, unit(rid));
    const first = new VectorIndex(rows, { dimensions: DIMS, annThreshold: 10, saveDir: dir });
    expect(first.search("n", ["note"], unit(7), 1)[0]?.key).toBe(7);
    first.save();
    // Committed by a process that then died without saving: only SQLite has them.
    for (let rid = 41; rid <= 55; rid++) rows.rows_.set(rid, unit(rid));
    const reopened = reopen(rows, dir);
    expect(reopened.size("n", "note")).toBe(55);
    // The caught-up rows are searchable under their own vectors (the test vectors are far apart, so top-1 is exact).
    for (const rid of [3, 41, 55]) expect(reopened.search("n", ["note"], unit(rid), 1)[0]?.key).toBe(rid);
  });

  it("rebuilds instead of serving vectors deleted after the save", () => {
    const { dir, rows } = savedIndex(30);
    rows.rows_.delete(5);
    rows.rows_.set(31, unit(31));
    const reopened = reopen(rows, dir);
    expect(reopened.size("n", "note")).toBe(30);
    expect(reopened.search("n", ["note"], unit(31), 1)[0]?.key).toBe(31);
    // k = the partition's size: no search, whatever the query, reaches the deleted vector.
    expect(reopened.search("n", ["note"], unit(5), 30).map((h) => h.key)).not.toContain(5);
  });

  it("keeps a saved HNSW through an update that comes before any search: the replaced vector is dropped, nothing is rebuilt", () => {
    const { dir, rows } = savedIndex(30);
    const reopened = reopen(rows, dir);
    rows.reads = [];
    // An update as the store commits it: the old row gone, the new one in, then the index told both.
    rows.rows_.delete(5);
    rows.rows_.set(31, unit(105));
    reopened.remove("n", "note", 5);
    reopened.add("n", "note", [31], [unit(105)]);
    expect(rows.reads).toEqual([30]); // caught up from the save's highest rid, not rebuilt from 0
    expect(reopened.size("n", "note")).toBe(30);
    expect(reopened.search("n", ["note"], unit(105), 1)[0]?.key).toBe(31);
    expect(reopened.search("n", ["note"], unit(5), 30).map((h) => h.key)).not.toContain(5);
  });

  it("saves a deletion made while its partition was never loaded, so the next open needs no rebuild either", () => {
    const { dir, rows } = savedIndex(30);
    const second = reopen(rows, dir);
    rows.reads = [];
    rows.rows_.delete(7);
    second.remove("n", "note", 7);
    second.save();
    expect(rows.reads).toEqual([]); // the saved file itself lost the vector: no rows read, nothing built
    rows.reads = [];
    const third = reopen(rows, dir);
    expect(third.size("n", "note")).toBe(29);
    expect(rows.reads).toEqual([30]);
    expect(third.search("n", ["note"], unit(7), 29).map((h) => h.key)).not.toContain(7);
  });
});
