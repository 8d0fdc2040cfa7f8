import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { VectorIndex, type VectorRows } from "./vector-index.js";

/** Rows as the vectors table would hold them; tests mutate it the way commits (and crashes) would. */
class FakeRows implements VectorRows {
  rows_ = new Map<number, Float32Array>();
  *rows(_ns: string, _kind: string, afterRid: number) {
    for (const [rid, v] of [...this.rows_].sort((a, b) => a[0] - b[0])) if (rid > afterRid) yield { rid, vec: new Uint8Array(v.buffer.slice(0)) };
  }
  count() {
    return this.rows_.size;
  }
  partitions() {
    return this.rows_.size > 0 ? [{ ns: "n", kind: "note" }] : [];
  }
}

const DIMS = 16;
function unit(seed: number): Float32Array {
  const v = Float32Array.from({ length: DIMS }, (_, i) => Math.sin(seed * 12.9898 + i * 78.233) + 1e-3);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

describe("VectorIndex", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const saveDir = () => {
    const d = mkdtempSync(join(tmpdir(), "hippograph-ann-"));
    dirs.push(d);
    return d;
  };

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

  it("catches a saved HNSW index up with rows committed after the save (a crash before close)", () => {
    const dir = saveDir();
    const rows = new FakeRows();
    for (let rid = 1; rid <= 40; rid++) rows.rows_.set(rid, unit(rid));
    const first = new VectorIndex(rows, { dimensions: DIMS, annThreshold: 10, saveDir: dir });
    expect(first.search("n", ["note"], unit(7), 1)[0]?.key).toBe(7);
    first.save();
    // Committed by a process that then died without saving: only SQLite has them.
    for (let rid = 41; rid <= 55; rid++) rows.rows_.set(rid, unit(rid));
    const reopened = new VectorIndex(rows, { dimensions: DIMS, annThreshold: 10, saveDir: dir });
    expect(reopened.size("n", "note")).toBe(55);
    for (const rid of [3, 41, 55]) expect(reopened.search("n", ["note"], unit(rid), 5).map((h) => h.key)).toContain(rid);
  });

  it("rebuilds instead of serving vectors deleted after the save", () => {
    const dir = saveDir();
    const rows = new FakeRows();
    for (let rid = 1; rid <= 30; rid++) rows.rows_.set(rid, unit(rid));
    const first = new VectorIndex(rows, { dimensions: DIMS, annThreshold: 10, saveDir: dir });
    first.search("n", ["note"], unit(1), 1);
    first.save();
    rows.rows_.delete(5);
    rows.rows_.set(31, unit(31));
    const reopened = new VectorIndex(rows, { dimensions: DIMS, annThreshold: 10, saveDir: dir });
    expect(reopened.size("n", "note")).toBe(30);
    expect(reopened.search("n", ["note"], unit(5), 5).map((h) => h.key)).not.toContain(5);
    expect(reopened.search("n", ["note"], unit(31), 5).map((h) => h.key)).toContain(31);
  });
});
