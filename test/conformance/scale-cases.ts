import { describe, expect, it } from "vitest";
import { change, edgeWrite, freshNs, HOUR, nodeWrite, source, T0, uid } from "./fixtures.js";
import { DIMENSIONS, itWhen, useBackend } from "./harness.js";
import type { ConformanceBackend, ConformanceTarget } from "./kit.js";

const unit = (i: number) => {
  const v = new Float32Array(DIMENSIONS);
  v[i] = 1;
  return v;
};

/** Large payloads, concurrent writers, a second handle, and durability across reopen. */
export function scaleCases(target: ConformanceTarget): void {
  describe("large payloads and concurrency", () => {
    const slot = useBackend(target);

    it("round-trips a node with 1 MB of text and 200 KB of attrs", async () => {
      const ns = freshNs();
      const text = "memory ✓ 記憶 ".repeat(Math.ceil(1_048_576 / 16)).slice(0, 1_048_576);
      const attrs = {
        blob: "a".repeat(150_000),
        rows: Array.from({ length: 5_000 }, (_, i) => ({ i, s: "é" })),
      };
      expect(JSON.stringify(attrs).length).toBeGreaterThan(200_000);
      const n = nodeWrite(ns, { text, attrs });
      await slot.b.graph.write({ nodes: [n] });
      const [got] = await slot.b.graph.getNodes({ ns, ids: [n.id] });
      expect(got?.text === text).toBe(true);
      expect(got?.attrs).toEqual(attrs);
      const [v1] = await slot.b.graph.history({ ns, id: n.id });
      expect(v1?.snapshot.text?.length).toBe(text.length);
    }, 60_000);

    it("writes and reads back a 5,000-node batch and a 5,000-edge batch", async () => {
      const ns = freshNs();
      const nodes = Array.from({ length: 5_000 }, (_, i) => nodeWrite(ns, { text: `node ${i}` }));
      await slot.b.graph.write({ nodes });
      const edges = nodes.map((n, i) => edgeWrite(ns, n.id, nodes[(i + 1) % nodes.length]!.id, { weight: (i % 10) / 10 }));
      await slot.b.graph.write({ edges });
      const got = await slot.b.graph.getNodes({ ns, ids: nodes.map((n) => n.id) });
      expect(got.map((n) => n.id)).toEqual(nodes.map((n) => n.id));
      expect(got[4_321]?.text).toBe("node 4321");
      const gotEdges = await slot.b.graph.getEdges({ ns, ids: edges.map((e) => e.id) });
      expect(gotEdges).toHaveLength(5_000);
      const stats = await slot.b.graph.stats({ ns });
      expect(stats.nodes.note).toBe(5_000);
      expect(stats.edges.link).toBe(5_000);
      const frontier = await slot.b.graph.neighbors({ ns, ids: nodes.slice(0, 1_000).map((n) => n.id), direction: "out" });
      expect(frontier).toHaveLength(1_000);
    }, 120_000);

    it("lands all of 20 concurrent writes of 50 nodes each", async () => {
      const ns = freshNs();
      const batches = Array.from({ length: 20 }, (_, b) =>
        Array.from({ length: 50 }, (_, i) => nodeWrite(ns, { text: `b${b} n${i}`, change: change(T0 + b) })),
      );
      await Promise.all(batches.map((nodes) => slot.b.graph.write({ nodes })));
      expect((await slot.b.graph.stats({ ns })).nodes.note).toBe(1_000);
      expect(await slot.b.graph.findNodes({ ns, limit: 2_000 })).toHaveLength(1_000);
    }, 60_000);

    itWhen(target, !!target.attach, "target provides no attach() (no second handle on the same storage)",
      "two handles on the same storage write interleaved batches that both land and see each other", async () => {
        const first = slot.b;
        const second = await target.attach!(first);
        try {
          const ns = freshNs();
          const handles = [first, second];
          const batches = Array.from({ length: 12 }, () => Array.from({ length: 20 }, () => nodeWrite(ns)));
          await Promise.all(batches.map((nodes, i) => handles[i % 2]!.graph.write({ nodes })));
          for (const h of handles) expect((await h.graph.stats({ ns })).nodes.note).toBe(240);
          const fromFirst = nodeWrite(ns);
          await first.graph.write({ nodes: [fromFirst] });
          expect(await second.graph.getNodes({ ns, ids: [fromFirst.id] })).toHaveLength(1);
          const fromSecond = nodeWrite(ns);
          const cross = edgeWrite(ns, fromSecond.id, fromFirst.id);
          await second.graph.write({ nodes: [fromSecond], edges: [cross] });
          expect((await first.graph.getEdges({ ns, ids: [cross.id] })).map((e) => e.from)).toEqual([fromSecond.id]);
          await second.vectors.upsert([{ ns, id: fromSecond.id, kind: "note", vector: unit(3) }]);
          await second.text.index([{ ns, id: fromSecond.id, kind: "note", text: "narwhal" }]);
          expect((await first.vectors.search({ ns, vector: unit(3), k: 1 }))[0]?.id).toBe(fromSecond.id);
          expect((await first.text.search({ ns, query: "narwhal", k: 1 }))[0]?.id).toBe(fromSecond.id);
        } finally {
          await second.close();
        }
      }, 60_000);
  });

  describe("durability", () => {
    const slot = useBackend(target);

    itWhen(target, !!target.reopen, "target provides no reopen() (storage does not outlive its handle)",
      "keeps nodes, edges, history, vectors and text across close and reopen", async () => {
        const ns = freshNs();
        const [a, b] = [nodeWrite(ns, { text: "durable aardwolf", attrs: { deep: { x: [1, 2] } }, source: source("s1") }), nodeWrite(ns)];
        const e = edgeWrite(ns, a.id, b.id, { kind: "causes", weight: 0.42 });
        await slot.b.graph.write({ nodes: [a, b], edges: [e] });
        await slot.b.graph.write({ nodes: [{ ...a, text: "durable aardwolf v2", change: change(T0 + HOUR) }] });
        await slot.b.graph.invalidate({ ns, edgeIds: [e.id], nodeIds: [b.id], validTo: T0 + 5, change: change(T0 + 2 * HOUR) });
        await slot.b.vectors.upsert([{ ns, id: a.id, kind: "note", vector: unit(5) }, { ns, id: b.id, kind: "note", vector: unit(6) }]);
        await slot.b.text.index([{ ns, id: a.id, kind: "note", text: "durable aardwolf v2" }]);
        const snapshot = async (h: ConformanceBackend) => ({
          nodes: await h.graph.getNodes({ ns, ids: [a.id, b.id] }),
          edges: await h.graph.getEdges({ ns, ids: [e.id] }),
          historyA: await h.graph.history({ ns, id: a.id }),
          historyB: await h.graph.history({ ns, id: b.id }),
          namespaces: await h.graph.listNamespaces(),
        });
        const before = await snapshot(slot.b);
        expect(before.historyA).toHaveLength(2);
        const reopened = await target.reopen!(slot.b);
        slot.set(reopened);
        expect(await snapshot(reopened)).toEqual(before);
        expect(reopened.vectors.dimensions).toBe(DIMENSIONS);
        const [hit] = await reopened.vectors.search({ ns, vector: unit(5), k: 1 });
        expect(hit?.id).toBe(a.id);
        expect(hit?.score).toBeCloseTo(1, 3);
        expect((await reopened.text.search({ ns, query: "aardwolf", k: 5 })).map((h) => h.id)).toEqual([a.id]);
        const fresh = nodeWrite(ns, { id: uid() });
        await reopened.graph.write({ nodes: [fresh], edges: [edgeWrite(ns, fresh.id, a.id)] });
        expect(await reopened.graph.getNodes({ ns, ids: [fresh.id] })).toHaveLength(1);
      }, 60_000);
  });
}
