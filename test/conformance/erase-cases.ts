import { describe, expect, it } from "vitest";
import { change, edgeWrite, freshNs, HOUR, nodeWrite, source, T0, uid } from "./fixtures.js";
import { useBackend, type BackendSlot } from "./harness.js";
import type { ConformanceTarget } from "./kit.js";

/**
 * Nodes A, B from source S; C, E from K; D owned by K but updated with information from S
 * (change.sourceId = S: a tainted version on a surviving node); F created by K, then taken over by S
 * (its current source is S, so it goes whole, its K version too).
 * Edges: A→C (K, touches an erased node), C→E (S, erased by its own source), C→D and D→E (K, survive).
 * The same source id also lives in a second namespace, which erasing must not reach.
 */
async function scene(slot: BackendSlot) {
  const ns = freshNs();
  const other = freshNs();
  const S = uid("src-S");
  const K = uid("src-K");
  const marker = `zqxmarker${Math.floor(Math.random() * 1e9)}`;
  const [a, b, c, d, e, f] = [uid(), uid(), uid(), uid(), uid(), uid()];
  const fWrite = nodeWrite(ns, { id: f, text: "f by K", source: source(K) });
  const dClean = nodeWrite(ns, { id: d, text: "clean version of d", attrs: { state: "clean" }, source: source(K) });
  await slot.b.graph.write({
    nodes: [
      nodeWrite(ns, { id: a, text: `alpha ${marker}`, source: source(S) }),
      nodeWrite(ns, { id: b, kind: "entity", text: "beta", source: source(S) }),
      nodeWrite(ns, { id: c, text: "gamma", source: source(K) }),
      nodeWrite(ns, { id: e, text: "epsilon", source: source(K) }),
      dClean,
      fWrite,
    ],
    edges: [
      edgeWrite(ns, a, c, { source: source(K) }),
      edgeWrite(ns, c, e, { source: source(S) }),
      edgeWrite(ns, c, d, { id: `${c}-cd`, source: source(K) }),
      edgeWrite(ns, d, e, { id: `${c}-de`, source: source(K) }),
    ],
  });
  await slot.b.graph.write({
    nodes: [
      { ...dClean, text: `tainted ${marker}`, attrs: { state: marker }, change: change(T0 + HOUR, { sourceId: S }) },
      { ...fWrite, text: "f by S", source: source(S), change: change(T0 + HOUR) },
    ],
  });
  const [x, y] = [uid(), uid()];
  await slot.b.graph.write({
    nodes: [nodeWrite(other, { id: x, text: `other ${marker}`, source: source(S) }), nodeWrite(other, { id: y, source: source(K) })],
    edges: [edgeWrite(other, x, y, { source: source(S) })],
  });
  const erase = () => slot.b.graph.eraseBySource({ ns, sourceId: S, change: change(T0 + 2 * HOUR, { reason: "gdpr" }) });
  return { ns, other, S, K, marker, a, b, c, d, e, f, x, y, erase };
}

const nonZero = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== 0));

export function eraseCases(target: ConformanceTarget): void {
  describe("graph: eraseBySource, stats, listNamespaces", () => {
    const slot = useBackend(target);

    it("erases the source's nodes and every edge touching them or carrying the source, and reports it", async () => {
      const s = await scene(slot);
      expect((await slot.b.graph.history({ ns: s.ns, id: s.d })).map((v) => v.sourceId)).toEqual([s.K, s.S]);
      const report = await s.erase();
      expect([...report.nodeIds].sort()).toEqual([s.a, s.b, s.f].sort());
      expect(report.edges).toBe(2);
      expect(report.versions).toBe(5);
      expect(report.restored).toEqual([s.d]);
      const left = await slot.b.graph.getNodes({ ns: s.ns, ids: [s.a, s.b, s.c, s.d, s.e, s.f] });
      expect(left.map((n) => n.id)).toEqual([s.c, s.d, s.e]);
      expect((await slot.b.graph.findEdges({ ns: s.ns, limit: 100 })).map((e) => e.id).sort()).toEqual([`${s.c}-cd`, `${s.c}-de`].sort());
      expect(await slot.b.graph.findNodes({ ns: s.ns, sourceId: s.S, limit: 100 })).toEqual([]);
      expect(await slot.b.graph.findEdges({ ns: s.ns, sourceId: s.S, limit: 100 })).toEqual([]);
      expect(await slot.b.graph.history({ ns: s.ns, id: s.a })).toEqual([]);
      expect(await slot.b.graph.history({ ns: s.ns, id: s.f })).toEqual([]);
      const rows = await slot.b.graph.neighbors({ ns: s.ns, ids: [s.c], direction: "both" });
      expect(rows.map((r) => r.neighbor)).toEqual([s.d]);
    });

    it("rolls a surviving node back to its last clean version and purges the erased content from its history", async () => {
      const s = await scene(slot);
      await s.erase();
      const [d] = await slot.b.graph.getNodes({ ns: s.ns, ids: [s.d] });
      expect(d).toMatchObject({ text: "clean version of d", attrs: { state: "clean" }, source: { id: s.K } });
      const [asOf] = await slot.b.graph.getNodes({ ns: s.ns, ids: [s.d], view: { knownAt: T0 + 3 * HOUR } });
      expect(asOf?.text).toBe("clean version of d");
      const history = await slot.b.graph.history({ ns: s.ns, id: s.d });
      expect(history.length).toBeGreaterThanOrEqual(1);
      expect(history.every((v) => v.sourceId !== s.S)).toBe(true);
      expect(JSON.stringify(history)).not.toContain(s.marker);
    });

    it("erased content is gone from the text index too", async () => {
      const s = await scene(slot);
      await slot.b.text.index([
        { ns: s.ns, id: s.a, kind: "note", text: `alpha ${s.marker}` },
        { ns: s.ns, id: s.d, kind: "note", text: `tainted ${s.marker}` },
        { ns: s.ns, id: s.c, kind: "note", text: "gamma" },
        { ns: s.other, id: s.x, kind: "note", text: `other ${s.marker}` },
      ]);
      expect((await slot.b.text.search({ ns: s.ns, query: s.marker, k: 10 })).map((h) => h.id).sort()).toEqual([s.a, s.d].sort());
      await s.erase();
      expect(await slot.b.text.search({ ns: s.ns, query: s.marker, k: 10 })).toEqual([]);
      expect((await slot.b.text.search({ ns: s.ns, query: "gamma", k: 10 })).map((h) => h.id)).toEqual([s.c]);
      expect((await slot.b.text.search({ ns: s.other, query: s.marker, k: 10 })).map((h) => h.id)).toEqual([s.x]);
    });

    it("leaves other namespaces untouched, even when they hold the same source id", async () => {
      const s = await scene(slot);
      await s.erase();
      const kept = await slot.b.graph.getNodes({ ns: s.other, ids: [s.x, s.y] });
      expect(kept.map((n) => n.id)).toEqual([s.x, s.y]);
      expect(kept[0]?.text).toBe(`other ${s.marker}`);
      expect(await slot.b.graph.findEdges({ ns: s.other, limit: 10 })).toHaveLength(1);
      expect(await slot.b.graph.history({ ns: s.other, id: s.x })).toHaveLength(1);
    });

    it("stats counts nodes and edges per kind, per namespace and overall", async () => {
      const [ns1, ns2] = [freshNs(), freshNs()];
      const [a, b, c] = [nodeWrite(ns1, { kind: "entity" }), nodeWrite(ns1, { kind: "entity" }), nodeWrite(ns1, { kind: "note" })];
      await slot.b.graph.write({
        nodes: [a, b, c],
        edges: [edgeWrite(ns1, a.id, b.id, { kind: "link" }), edgeWrite(ns1, a.id, c.id, { kind: "mentions" }), edgeWrite(ns1, b.id, c.id, { kind: "mentions" })],
      });
      await slot.b.graph.write({ nodes: [nodeWrite(ns2, { kind: "note" }), nodeWrite(ns2, { kind: "task" })] });
      await slot.b.graph.write({ nodes: [{ ...a, text: "rewritten" }] });
      const one = await slot.b.graph.stats({ ns: ns1 });
      expect(nonZero(one.nodes)).toEqual({ entity: 2, note: 1 });
      expect(nonZero(one.edges)).toEqual({ link: 1, mentions: 2 });
      const all = await slot.b.graph.stats();
      expect(nonZero(all.nodes)).toEqual({ entity: 2, note: 2, task: 1 });
      expect(nonZero(all.edges)).toEqual({ link: 1, mentions: 2 });
      expect(all.namespaces).toBe(2);
      expect(nonZero((await slot.b.graph.stats({ ns: freshNs() })).nodes)).toEqual({});
    });

    it("listNamespaces lists exactly the namespaces that hold nodes", async () => {
      expect(await slot.b.graph.listNamespaces()).toEqual([]);
      const [ns1, ns2, ns3] = [freshNs("a"), freshNs("b"), freshNs("c")];
      const only = uid("src");
      await slot.b.graph.write({ nodes: [nodeWrite(ns1)] });
      await slot.b.graph.write({ nodes: [nodeWrite(ns2), nodeWrite(ns2)] });
      await slot.b.graph.write({ nodes: [nodeWrite(ns3, { source: source(only) })] });
      expect([...(await slot.b.graph.listNamespaces())].sort()).toEqual([ns1, ns2, ns3]);
      await slot.b.graph.eraseBySource({ ns: ns3, sourceId: only, change: change(T0 + HOUR) });
      expect([...(await slot.b.graph.listNamespaces())].sort()).toEqual([ns1, ns2]);
    });
  });
}
