import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { writeEdges } from "../../retrieval/activation/test-store.js";
import { openEmbeddedStore, type EmbeddedStore } from "./embedded-store.js";

const stores: EmbeddedStore[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

async function twoHandles(annThreshold?: number): Promise<[EmbeddedStore, EmbeddedStore, string]> {
  const dir = mkdtempSync(join(tmpdir(), "hippograph-foreign-"));
  dirs.push(dir);
  const path = join(dir, "db.sqlite");
  const a = await openEmbeddedStore({ path, dimensions: 8, annThreshold });
  const b = await openEmbeddedStore({ path, dimensions: 8, annThreshold });
  stores.push(a, b);
  return [a, b, path];
}

const neighbours = async (s: EmbeddedStore, id: string, ns = "t") => (await s.neighbors({ ns, ids: [id], direction: "both" })).map((r) => r.neighbor).sort();

/** Which namespaces' adjacencies a store builds from SQLite from now on. */
function adjacencyBuilds(store: EmbeddedStore): string[] {
  const built: string[] = [];
  const graph = (store as unknown as { graph: { edgesOf(ns: string): Iterable<unknown> } }).graph;
  const edgesOf = graph.edgesOf.bind(graph);
  vi.spyOn(graph, "edgesOf").mockImplementation((ns: string) => (built.push(ns), edgesOf(ns)));
  return built;
}

const vector = (i: number) => Float32Array.from({ length: 8 }, (_, d) => (d === i ? 1 : 0.1));
const nearest = async (s: EmbeddedStore, ns: string, i: number) => (await s.search({ ns, vector: vector(i), k: 1 }))[0]?.id;

describe("a commit by another connection", () => {
  it("is caught up with when it lands between a write's freshness check and its lock", async () => {
    const [a, b] = await twoHandles();
    await writeEdges(a, [["x", "link", "y"]], "t", "a");
    expect(await neighbours(a, "x")).toEqual(["y"]); // a's adjacency of "t" is built
    await writeEdges(b, [["x", "link", "z"]], "t", "b");
    // As if b had committed just after a's write checked for foreign commits, before it took the lock.
    const handle = a as unknown as { fresh(): void };
    const check = handle.fresh;
    handle.fresh = () => undefined;
    await writeEdges(a, [["x", "link", "w"]], "t", "c");
    handle.fresh = check;
    expect(await neighbours(a, "x")).toEqual(["w", "y", "z"]);
  });

  it("rebuilds the caches of the namespaces it changed, and keeps the others'", async () => {
    const [a, b] = await twoHandles();
    await writeEdges(a, [["x", "link", "y"]], "t", "a");
    await writeEdges(a, [["x", "link", "y"]], "u", "a");
    await a.upsert([{ ns: "t", id: "t1", kind: "note", vector: vector(1) }, { ns: "u", id: "u1", kind: "note", vector: vector(1) }]);
    expect([await neighbours(a, "x", "t"), await neighbours(a, "x", "u")]).toEqual([["y"], ["y"]]);
    expect([await nearest(a, "t", 2), await nearest(a, "u", 2)]).toEqual(["t1", "u1"]);

    await writeEdges(b, [["x", "link", "z"]], "u", "b");
    await b.upsert([{ ns: "u", id: "u2", kind: "note", vector: vector(2) }]);
    const built = adjacencyBuilds(a);
    expect(await neighbours(a, "x", "t")).toEqual(["y"]);
    expect(await neighbours(a, "x", "u")).toEqual(["y", "z"]);
    expect(built).toEqual(["u"]); // "t" was served from the adjacency built before b's commits
    expect([await nearest(a, "t", 2), await nearest(a, "u", 2)]).toEqual(["t1", "u2"]);
  });

  it("rebuilds every cache after a commit that logged nothing (another build, a raw SQL write)", async () => {
    const [a, , path] = await twoHandles();
    await writeEdges(a, [["x", "link", "y"]], "t", "a");
    await writeEdges(a, [["x", "link", "y"]], "u", "a");
    expect([await neighbours(a, "x", "t"), await neighbours(a, "x", "u")]).toEqual([["y"], ["y"]]);
    const raw = new Database(path);
    raw.prepare(
      `INSERT INTO edges (ns, id, kind, from_id, to_id, weight, attrs, source_id, source_type, trust, recorded_at)
       VALUES ('t', 'raw', 'link', 'x', 'w', 1, '{}', 'test', 'system', 1, 1)`,
    ).run();
    raw.close();
    const built = adjacencyBuilds(a);
    expect(await neighbours(a, "x", "t")).toEqual(["w", "y"]);
    expect(await neighbours(a, "x", "u")).toEqual(["y"]);
    expect(built.sort()).toEqual(["t", "u"]);
  });

  it("adds another connection's new vectors to a loaded HNSW partition, and reloads one that lost vectors", async () => {
    const [a, b] = await twoHandles(4);
    await a.upsert([0, 1, 2, 3, 4].map((i) => ({ ns: "t", id: `v${i}`, kind: "note", vector: vector(i) })));
    expect(await nearest(a, "t", 4)).toBe("v4"); // loaded, and large enough for HNSW
    const rows = vi.spyOn((a as unknown as { vectors: { rows(ns: string, kind: string, after: number): Iterable<unknown> } }).vectors, "rows");
    await b.upsert([{ ns: "t", id: "v5", kind: "note", vector: vector(5) }]);
    expect(await nearest(a, "t", 5)).toBe("v5");
    expect(rows.mock.calls.map((c) => c[2])).toEqual([expect.any(Number)]);
    expect(rows.mock.calls[0]![2]).toBeGreaterThan(0); // only rows past the partition's largest key were read
    await b.delete({ ns: "t", ids: ["v5"] });
    expect(await nearest(a, "t", 5)).not.toBe("v5");
    expect(rows.mock.calls.map((c) => c[2]).at(-1)).toBe(0); // the partition was read again whole
  });
});
