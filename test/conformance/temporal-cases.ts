import { describe, expect, it } from "vitest";
import type { NodeVersion } from "@hippograph/memory";
import { change, edgeWrite, freshNs, HOUR, nodeWrite, source, T0, uid } from "./fixtures.js";
import { useBackend } from "./harness.js";
import type { ConformanceTarget } from "./kit.js";

/** invalidate(), as-of reads and history(): bi-temporal facts are closed, never deleted. */
export function temporalCases(target: ConformanceTarget): void {
  describe("graph: invalidate, as-of and history", () => {
    const slot = useBackend(target);

    it("invalidating a node sets validTo, adds an 'invalidate' version and hides it from validAt >= validTo", async () => {
      const ns = freshNs();
      const [n, m] = [nodeWrite(ns), nodeWrite(ns)];
      await slot.b.graph.write({ nodes: [n, m] });
      const T = T0 + 50;
      const count = await slot.b.graph.invalidate({ ns, nodeIds: [n.id], validTo: T, change: change(T0 + HOUR, { reason: "contradicted" }) });
      expect(count).toBe(1);
      const [got] = await slot.b.graph.getNodes({ ns, ids: [n.id] });
      expect(got?.time).toMatchObject({ validTo: T, recordedAt: T0, expiredAt: null });
      expect(got?.version).toBe(2);
      const last = (await slot.b.graph.history({ ns, id: n.id })).at(-1);
      expect(last).toMatchObject({ version: 2, op: "invalidate", change: { reason: "contradicted", at: T0 + HOUR } });
      const at = async (t: number) => (await slot.b.graph.findNodes({ ns, limit: 10, view: { validAt: t } })).map((x) => x.id);
      expect(await at(T - 1)).toContain(n.id);
      expect(await at(T)).not.toContain(n.id);
      expect(await at(T)).toContain(m.id);
    });

    it("expiring a node sets expiredAt only, adds an 'expire' version and hides it from knownAt >= expiredAt", async () => {
      const ns = freshNs();
      const n = nodeWrite(ns);
      await slot.b.graph.write({ nodes: [n] });
      const E = T0 + 2 * HOUR;
      expect(await slot.b.graph.invalidate({ ns, nodeIds: [n.id], expiredAt: E, change: change(E) })).toBe(1);
      const [got] = await slot.b.graph.getNodes({ ns, ids: [n.id] });
      expect(got?.time).toMatchObject({ validTo: null, expiredAt: E });
      expect((await slot.b.graph.history({ ns, id: n.id })).map((v) => v.op)).toEqual(["create", "expire"]);
      const known = async (t: number) => (await slot.b.graph.findNodes({ ns, limit: 10, view: { knownAt: t } })).map((x) => x.id);
      expect(await known(E - 1)).toEqual([n.id]);
      expect(await known(E)).toEqual([]);
    });

    it("invalidating edges closes them without deleting and counts every record changed", async () => {
      const ns = freshNs();
      const [a, b, c] = [nodeWrite(ns), nodeWrite(ns), nodeWrite(ns)];
      const ab = edgeWrite(ns, a.id, b.id);
      const ac = edgeWrite(ns, a.id, c.id);
      await slot.b.graph.write({ nodes: [a, b, c], edges: [ab, ac] });
      const T = T0 + 10;
      const count = await slot.b.graph.invalidate({ ns, nodeIds: [b.id, c.id], edgeIds: [ab.id], validTo: T, change: change(T) });
      expect(count).toBe(3);
      const [edge] = await slot.b.graph.getEdges({ ns, ids: [ab.id] });
      expect(edge?.time.validTo).toBe(T);
      expect((await slot.b.graph.findEdges({ ns, limit: 10 })).map((e) => e.id).sort()).toEqual([ab.id, ac.id].sort());
      const rows = await slot.b.graph.neighbors({ ns, ids: [a.id], direction: "out", view: { validAt: T } });
      expect(rows.map((r) => r.edge)).toEqual([ac.id]);
      expect(await slot.b.graph.getNodes({ ns, ids: [a.id, b.id, c.id] })).toHaveLength(3);
    });

    it("leaves other namespaces' records alone and returns 0 for ids it does not hold", async () => {
      const [ns1, ns2] = [freshNs(), freshNs()];
      const [n, m] = [nodeWrite(ns1), nodeWrite(ns1)];
      const e = edgeWrite(ns1, n.id, m.id);
      await slot.b.graph.write({ nodes: [n, m], edges: [e] });
      const count = await slot.b.graph.invalidate({ ns: ns2, nodeIds: [n.id, uid()], edgeIds: [e.id], validTo: T0, change: change(T0) });
      expect(count).toBe(0);
      const [got] = await slot.b.graph.getNodes({ ns: ns1, ids: [n.id] });
      expect(got).toMatchObject({ version: 1, time: { validTo: null, expiredAt: null } });
      expect((await slot.b.graph.getEdges({ ns: ns1, ids: [e.id] }))[0]?.time.validTo).toBeNull();
      expect(await slot.b.graph.history({ ns: ns1, id: n.id })).toHaveLength(1);
    });

    it("getNodes with view.knownAt returns each node as known then and omits nodes recorded later", async () => {
      const ns = freshNs();
      const n = nodeWrite(ns, { text: "first", attrs: { v: 1 }, change: change(T0) });
      await slot.b.graph.write({ nodes: [n] });
      await slot.b.graph.write({ nodes: [{ ...n, text: "second", attrs: { v: 2 }, change: change(T0 + HOUR) }] });
      const m = nodeWrite(ns, { change: change(T0 + 2 * HOUR) });
      await slot.b.graph.write({ nodes: [m] });
      const asOf = (t: number) => slot.b.graph.getNodes({ ns, ids: [m.id, n.id], view: { knownAt: t } });
      expect(await asOf(T0 - 1)).toEqual([]);
      const early = await asOf(T0 + HOUR - 1);
      expect(early.map((x) => [x.id, x.text, x.version, x.attrs])).toEqual([[n.id, "first", 1, { v: 1 }]]);
      const mid = await asOf(T0 + HOUR);
      expect(mid.map((x) => [x.id, x.text, x.version])).toEqual([[n.id, "second", 2]]);
      const late = await asOf(T0 + 2 * HOUR);
      expect(late.map((x) => [x.id, x.text])).toEqual([[m.id, "a note"], [n.id, "second"]]);
    });

    it("history lists every version ascending with op, change, sourceId and a full snapshot", async () => {
      const ns = freshNs();
      const n = nodeWrite(ns, {
        kind: "entity", text: "v1", attrs: { a: 1 }, source: source("s1"), time: { at: T0 },
        change: { actor: "alice", reason: "said so", at: T0 },
      });
      await slot.b.graph.write({ nodes: [n] });
      const s2 = source("s2", { type: "agent", trust: 0.7 });
      await slot.b.graph.write({
        nodes: [{ ...n, text: "v2", attrs: { a: 2 }, source: s2, change: { actor: "bot", reason: "refined", at: T0 + HOUR } }],
      });
      await slot.b.graph.invalidate({ ns, nodeIds: [n.id], validTo: T0 + 5, change: { actor: "carol", reason: "wrong", at: T0 + 2 * HOUR } });
      const h = await slot.b.graph.history({ ns, id: n.id });
      const time = (validTo: number | null) => ({ at: T0, validFrom: null, validTo, recordedAt: T0, expiredAt: null });
      const expected: NodeVersion[] = [
        { id: n.id, ns, version: 1, op: "create", change: { actor: "alice", reason: "said so", at: T0 }, sourceId: "s1",
          snapshot: { kind: "entity", text: "v1", attrs: { a: 1 }, source: n.source, time: time(null) } },
        { id: n.id, ns, version: 2, op: "update", change: { actor: "bot", reason: "refined", at: T0 + HOUR }, sourceId: "s2",
          snapshot: { kind: "entity", text: "v2", attrs: { a: 2 }, source: s2, time: time(null) } },
        { id: n.id, ns, version: 3, op: "invalidate", change: { actor: "carol", reason: "wrong", at: T0 + 2 * HOUR }, sourceId: "s2",
          snapshot: { kind: "entity", text: "v2", attrs: { a: 2 }, source: s2, time: time(T0 + 5) } },
      ];
      expect(h).toEqual(expected);
    });

    it("history is empty for an unknown id and for an id held only by another namespace", async () => {
      const n = nodeWrite(freshNs());
      await slot.b.graph.write({ nodes: [n] });
      expect(await slot.b.graph.history({ ns: freshNs(), id: n.id })).toEqual([]);
      expect(await slot.b.graph.history({ ns: n.ns, id: uid() })).toEqual([]);
    });
  });
}
