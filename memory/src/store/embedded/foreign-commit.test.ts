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
    // "t" was untouched, and "u" took b's inserted edge in place: neither was read again.
    expect(built).toEqual([]);
    expect([await nearest(a, "t", 2), await nearest(a, "u", 2)]).toEqual(["t1", "u2"]);

    // A change that rewrites an edge (here: invalidates it) names it: the adjacency reads that edge again, not its namespace.
    await b.invalidate({ ns: "u", edgeIds: ["b0"], validTo: 5, change: { actor: "test", reason: "ended", at: 5 } });
    await writeEdges(b, [["x", "link", "w"]], "u", "c"); // and a later insert does not hide it
    const now = await a.neighbors({ ns: "u", ids: ["x"], direction: "both", view: { validAt: 10 } });
    expect(now.map((r) => r.neighbor).sort()).toEqual(["w", "y"]);
    expect(built).toEqual([]);
  });

  it("drops the edges another connection erased, in place, and takes an edge inserted after them (on a new rid: SQLite alone would have given it rid 3 again)", async () => {
    const [a, b] = await twoHandles();
    await writeEdges(a, [["x", "link", "y"], ["y", "link", "z"]], "t", "a"); // rids 1, 2
    const source = { id: "s2", type: "system", trust: 1 } as const;
    const edge = (id: string, to: string) => ({ id, ns: "t", kind: "link", from: "x", to, weight: 1, attrs: {}, source, time: { validFrom: null, validTo: null } });
    await a.write({ edges: [edge("z1", "z"), edge("z2", "y")] }); // rids 3, 4
    expect(await neighbours(a, "x")).toEqual(["y", "y", "z"]);
    const built = adjacencyBuilds(a);
    await b.eraseBySource({ ns: "t", sourceId: "s2", change: { actor: "test", reason: "erase", at: 2 } });
    await writeEdges(b, [["x", "link", "w"]], "t", "b"); // rid 5: above every rid ever given, not 3
    expect(await neighbours(a, "x")).toEqual(["w", "y"]);
    expect(await neighbours(a, "z")).toEqual(["y"]);
    expect(built).toEqual([]);
  });

  it("takes another connection's rewrite of an edge to other ends, and the edges it inserted meanwhile", async () => {
    const [a, b] = await twoHandles();
    await writeEdges(a, [["x", "link", "y"], ["y", "link", "z"]], "t", "a");
    expect(await neighbours(a, "x")).toEqual(["y"]);
    await writeEdges(b, [["x", "link", "z"]], "t", "a"); // edge a0 now joins x and z
    await writeEdges(b, [["x", "link", "v"]], "t", "n");
    expect(await neighbours(a, "x")).toEqual(["v", "z"]);
    expect(await neighbours(a, "y")).toEqual(["z"]);
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

  it("brings a loaded HNSW partition up to date with another connection's added, replaced and removed vectors, without reloading it", async () => {
    const [a, b] = await twoHandles(4);
    await a.upsert([0, 1, 2, 3, 4].map((i) => ({ ns: "t", id: `v${i}`, kind: "note", vector: vector(i) })));
    expect(await nearest(a, "t", 4)).toBe("v4"); // loaded, and large enough for HNSW
    const rows = vi.spyOn((a as unknown as { vectors: { rows(ns: string, kind: string, after: number): Iterable<unknown> } }).vectors, "rows");
    await b.upsert([{ ns: "t", id: "v5", kind: "note", vector: vector(5) }]);
    expect(await nearest(a, "t", 5)).toBe("v5");
    await b.upsert([{ ns: "t", id: "v4", kind: "note", vector: vector(6) }]); // replaced: its old row is removed
    expect(await nearest(a, "t", 6)).toBe("v4");
    expect(await nearest(a, "t", 4)).not.toBe("v4");
    await b.delete({ ns: "t", ids: ["v5"] });
    expect(await nearest(a, "t", 5)).not.toBe("v5");
    const size = (a as unknown as { vectorIndex: { size(ns: string, kind: string): number } }).vectorIndex.size("t", "note");
    expect(size).toBe(5); // v0–v4, no ghost of the old v4 or of v5
    // Only rows past the partition's largest key were ever read: it was never read whole again.
    expect(rows.mock.calls.length).toBeGreaterThan(0);
    for (const call of rows.mock.calls) expect(call[2]).toBeGreaterThan(0);
  });

  it("reloads a loaded HNSW partition whose removals the log no longer holds", async () => {
    const [a, b, path] = await twoHandles(4);
    await a.upsert([0, 1, 2, 3, 4].map((i) => ({ ns: "t", id: `v${i}`, kind: "note", vector: vector(i) })));
    expect(await nearest(a, "t", 4)).toBe("v4");
    await b.delete({ ns: "t", ids: ["v4"] });
    const raw = new Database(path);
    raw.exec("DELETE FROM vector_removals"); // as pruning would, for a connection far behind
    raw.close();
    const rows = vi.spyOn((a as unknown as { vectors: { rows(ns: string, kind: string, after: number): Iterable<unknown> } }).vectors, "rows");
    expect(await nearest(a, "t", 4)).not.toBe("v4");
    expect(rows.mock.calls.map((c) => c[2]).at(-1)).toBe(0); // read whole again
  });

  it("is not missed after an empty write of this connection (an empty write takes no change number)", async () => {
    const [a, b] = await twoHandles();
    await writeEdges(a, [["x", "link", "y"]], "u", "a");
    expect(await neighbours(a, "x", "u")).toEqual(["y"]);
    await a.upsert([]);
    await a.index([]);
    await a.write({});
    await writeEdges(b, [["x", "link", "z"]], "u", "b");
    await writeEdges(b, [["x", "link", "z"]], "v", "b"); // a later change, which a would otherwise take for the only one
    expect(await neighbours(a, "x", "u")).toEqual(["y", "z"]);
  });

  it("takes another connection's edge inserted after an erase of this connection freed the largest rid", async () => {
    const [a, b] = await twoHandles();
    await writeEdges(a, [["x", "link", "y"]], "t", "a"); // rid 1
    const source = { id: "s2", type: "system", trust: 1 } as const;
    await a.write({ edges: [{ id: "z", ns: "t", kind: "link", from: "x", to: "y", weight: 1, attrs: {}, source, time: { validFrom: null, validTo: null } }] }); // rid 2
    expect(await neighbours(a, "x")).toEqual(["y", "y"]);
    await a.eraseBySource({ ns: "t", sourceId: "s2", change: { actor: "test", reason: "erase", at: 2 } });
    await writeEdges(b, [["x", "link", "w"]], "t", "b"); // rid 3, not 2 again
    expect(await neighbours(a, "x")).toEqual(["w", "y"]);
  });

  it("takes an insert made after another namespace's newest edges were erased (a rid is never given twice)", async () => {
    const [a, b] = await twoHandles();
    const edge = (ns: string, id: string, to: string, source: string) =>
      ({ id, ns, kind: "link", from: "x", to, weight: 1, attrs: {}, source: { id: source, type: "system", trust: 1 } as const, time: { validFrom: null, validTo: null } });
    await writeEdges(a, [["x", "link", "y"]], "t", "a"); // rid 1
    await writeEdges(a, [["x", "link", "y"]], "u", "a"); // rid 2
    await a.write({ edges: [edge("u", "u-s", "y", "su")] }); // rid 3
    await a.write({ edges: [edge("t", "t-s", "y", "st")] }); // rid 4
    expect(await neighbours(a, "x")).toEqual(["y", "y"]); // a has read t up to rid 4
    await b.eraseBySource({ ns: "t", sourceId: "st", change: { actor: "test", reason: "erase", at: 2 } });
    await b.eraseBySource({ ns: "u", sourceId: "su", change: { actor: "test", reason: "erase", at: 2 } }); // the file's largest rid left is 2
    await writeEdges(b, [["x", "link", "z"]], "t", "b"); // rid 5, not 3
    expect(await neighbours(a, "x")).toEqual(["y", "z"]);
    // This connection's own erase, then another's of the other namespace, then an insert here.
    await a.write({ edges: [edge("t", "t-s2", "y", "st"), edge("u", "u-s2", "y", "su")] });
    expect(await neighbours(a, "x")).toEqual(["y", "y", "z"]);
    await a.eraseBySource({ ns: "t", sourceId: "st", change: { actor: "test", reason: "erase", at: 3 } });
    await b.eraseBySource({ ns: "u", sourceId: "su", change: { actor: "test", reason: "erase", at: 3 } });
    await writeEdges(b, [["x", "link", "w"]], "t", "c");
    expect(await neighbours(a, "x")).toEqual(["w", "y", "z"]);
  });

  it("never gives again a rid an earlier build gave, which this build erased (it kept no mark)", async () => {
    const [a, b, path] = await twoHandles();
    const edge = (id: string, source: string) =>
      ({ id, ns: "t", kind: "link", from: "x", to: "y", weight: 1, attrs: {}, source: { id: source, type: "system", trust: 1 } as const, time: { validFrom: null, validTo: null } });
    await writeEdges(a, [["x", "link", "y"]], "t", "a"); // rid 1
    // An earlier build inserts rid 2 past the mark and logs "t" as changed (it names nothing: "t" is read again).
    const raw = new Database(path);
    raw.transaction(() => {
      raw.prepare(`INSERT INTO edges (ns, id, kind, from_id, to_id, weight, attrs, source_id, source_type, trust, recorded_at)
        VALUES ('t', 'old', 'link', 'x', 'y', 1, '{}', 's2', 'system', 1, 1)`).run();
      raw.prepare("UPDATE ns_changes SET seq = seq + 1 WHERE ns = 't'").run();
    }).immediate();
    raw.close();
    expect(await neighbours(a, "x")).toEqual(["y", "y"]); // a has read "t" up to rid 2
    await b.eraseBySource({ ns: "t", sourceId: "s2", change: { actor: "test", reason: "erase", at: 2 } });
    await b.write({ edges: [edge("new", "s3")] }); // rid 3: the erase held the mark at 2
    expect(await neighbours(a, "x")).toEqual(["y", "y"]);
  });

  it("keeps both connections' adjacencies equal to the file through random interleaved writes", async () => {
    const [a, b, path] = await twoHandles();
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const nodes = ["p", "q", "r", "s"];
    const namespaces = ["t", "u", "v"];
    const state = async (s: EmbeddedStore) =>
      Promise.all(namespaces.map(async (ns) => (await s.neighbors({ ns, ids: nodes, direction: "both", view: { validAt: 1_000 } })).map((r) => `${r.node}-${r.edge}-${r.neighbor}`).sort()));
    // Edges come from three sources, so an erase deletes some of a namespace's edges (often the newest, whose rids are reused) and keeps others.
    const writeEdge = async (s: EmbeddedStore, ns: string, id: string, sourceId: string) => {
      const [from, to] = [nodes[rand(4)]!, nodes[rand(4)]!];
      await writeEdges(s, [[from, "link", to]], ns, "n-"); // the end nodes (and an edge n-0), of source "test"
      await s.write({ edges: [{ id, ns, kind: "link", from, to, weight: 1, attrs: {}, source: { id: sourceId, type: "system", trust: 1 }, time: { validFrom: null, validTo: null } }] });
    };
    for (let step = 0; step < 240; step++) {
      const s = rand(2) === 0 ? a : b;
      const ns = namespaces[rand(3)]!;
      const op = rand(12);
      if (op < 6) await writeEdge(s, ns, `e${rand(30)}`, `s${rand(3)}`); // insert, or rewrite an existing id
      else if (op < 8) await s.invalidate({ ns, edgeIds: [`e${rand(30)}`], validTo: 500, change: { actor: "test", reason: "ended", at: 500 } });
      else if (op < 10) await s.eraseBySource({ ns, sourceId: `s${rand(3)}`, change: { actor: "test", reason: "erase", at: 600 } });
      else if (op < 11) await s.eraseBySource({ ns, sourceId: "test", change: { actor: "test", reason: "erase", at: 600 } }); // nodes too: every edge goes
      else await s.upsert([{ ns, id: `v${rand(3)}`, kind: "note", vector: vector(rand(8)) }]);
      if (step % 3 !== 2) continue;
      const truth = await openEmbeddedStore({ path, dimensions: 8 });
      const want = await state(truth);
      await truth.close();
      expect(await state(a), `a after step ${step}`).toEqual(want);
      expect(await state(b), `b after step ${step}`).toEqual(want);
    }
  });
});
