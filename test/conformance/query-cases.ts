import { describe, expect, it } from "vitest";
import type { Neighbor } from "@hippograph/memory";
import { change, edgeWrite, expectCode, freshNs, HOUR, nodeWrite, source, T0, uid } from "./fixtures.js";
import { useBackend } from "./harness.js";
import type { ConformanceTarget } from "./kit.js";

/** Row order of neighbors() is unspecified; compare as sets. */
const rowKey = (r: Neighbor) => `${r.node}|${r.direction}|${r.edge}`;
const sortRows = (rows: Neighbor[]) => [...rows].sort((a, b) => rowKey(a).localeCompare(rowKey(b)));

/** Ids sharing a prefix and a zero-padded index sort the same in every collation. */
const seqIds = (n: number) => {
  const p = uid("seq");
  return Array.from({ length: n }, (_, i) => `${p}-${String(i).padStart(3, "0")}`);
};

export function queryCases(target: ConformanceTarget): void {
  describe("graph: neighbors", () => {
    const slot = useBackend(target);

    /** A -link .5-> B, A -mentions .875-> C, D -link .25-> A, B -relates .75-> C (dyadic weights: exact in any float width) */
    async function diamond(ns: string, ids = { a: uid(), b: uid(), c: uid(), d: uid() }) {
      const { a, b, c, d } = ids;
      const ab = edgeWrite(ns, a, b, { kind: "link", weight: 0.5 });
      const ac = edgeWrite(ns, a, c, { kind: "mentions", weight: 0.875 });
      const da = edgeWrite(ns, d, a, { kind: "link", weight: 0.25 });
      const bc = edgeWrite(ns, b, c, { kind: "relates", weight: 0.75 });
      await slot.b.graph.write({ nodes: [a, b, c, d].map((id) => nodeWrite(ns, { id })), edges: [ab, ac, da, bc] });
      return { a, b, c, d, ab, ac, da, bc };
    }

    it("returns out, in and both rows with node, neighbor, edge, kind, weight and direction", async () => {
      const ns = freshNs();
      const g = await diamond(ns);
      const outRows: Neighbor[] = [
        { node: g.a, neighbor: g.b, edge: g.ab.id, kind: "link", weight: 0.5, direction: "out" },
        { node: g.a, neighbor: g.c, edge: g.ac.id, kind: "mentions", weight: 0.875, direction: "out" },
      ];
      const inRows: Neighbor[] = [{ node: g.a, neighbor: g.d, edge: g.da.id, kind: "link", weight: 0.25, direction: "in" }];
      const q = { ns, ids: [g.a] };
      expect(sortRows(await slot.b.graph.neighbors({ ...q, direction: "out" }))).toEqual(sortRows(outRows));
      expect(await slot.b.graph.neighbors({ ...q, direction: "in" })).toEqual(inRows);
      expect(sortRows(await slot.b.graph.neighbors({ ...q, direction: "both" }))).toEqual(sortRows([...outRows, ...inRows]));
    });

    it("answers a whole frontier in one call, tagging each row with its frontier node", async () => {
      const ns = freshNs();
      const g = await diamond(ns);
      const rows = await slot.b.graph.neighbors({ ns, ids: [g.a, g.b, uid("missing")], direction: "out" });
      expect(rows.find((r) => r.edge === g.bc.id)).toEqual({
        node: g.b, neighbor: g.c, edge: g.bc.id, kind: "relates", weight: 0.75, direction: "out",
      });
      const pairs = rows.map((r) => `${r.node}->${r.neighbor}`).sort();
      expect(pairs).toEqual([`${g.a}->${g.b}`, `${g.a}->${g.c}`, `${g.b}->${g.c}`].sort());
    });

    it("reports each edge's weight exactly as written, the same number getEdges returns", async () => {
      const ns = freshNs();
      const hub = uid();
      const weights = [0.9, 0.7, 0.1, 1 / 3, 0.123456789];
      const spokes = weights.map(() => uid());
      const edges = spokes.map((s, i) => edgeWrite(ns, hub, s, { weight: weights[i] }));
      await slot.b.graph.write({ nodes: [hub, ...spokes].map((id) => nodeWrite(ns, { id })), edges });
      const rows = await slot.b.graph.neighbors({ ns, ids: [hub], direction: "out" });
      const stored = new Map((await slot.b.graph.getEdges({ ns, ids: edges.map((e) => e.id) })).map((e) => [e.id, e.weight]));
      const written = new Map(edges.map((e) => [e.id, e.weight]));
      expect(new Map(rows.map((r) => [r.edge, r.weight]))).toEqual(written);
      expect(stored).toEqual(written);
    });

    it("filters by edge kind", async () => {
      const ns = freshNs();
      const g = await diamond(ns);
      const rows = await slot.b.graph.neighbors({ ns, ids: [g.a], direction: "both", edgeKinds: ["link"] });
      expect(rows.map((r) => r.edge).sort()).toEqual([g.ab.id, g.da.id].sort());
      expect(await slot.b.graph.neighbors({ ns, ids: [g.a], direction: "both", edgeKinds: ["causes"] })).toEqual([]);
    });

    it("limitPerNode keeps the strongest edges of each frontier node", async () => {
      const ns = freshNs();
      const hub = uid();
      const spokes = Array.from({ length: 6 }, () => uid());
      const weights = [0.125, 0.875, 0.0625, 0.75, 0.5, 0.25];
      const other = uid();
      await slot.b.graph.write({
        nodes: [hub, other, ...spokes].map((id) => nodeWrite(ns, { id })),
        edges: [...spokes.map((s, i) => edgeWrite(ns, hub, s, { weight: weights[i] })), edgeWrite(ns, other, hub, { weight: 0.03125 })],
      });
      const rows = await slot.b.graph.neighbors({ ns, ids: [hub, other], direction: "out", limitPerNode: 2 });
      const hubRows = rows.filter((r) => r.node === hub);
      expect(hubRows.map((r) => r.weight).sort()).toEqual([0.75, 0.875]);
      expect(rows.filter((r) => r.node === other).map((r) => r.neighbor)).toEqual([hub]);
    });

    it("view.validAt hides edges whose validity window excludes that instant", async () => {
      const ns = freshNs();
      const [a, b, c, d] = [uid(), uid(), uid(), uid()];
      const closed = edgeWrite(ns, a, b, { time: { validFrom: T0, validTo: T0 + 10 } });
      const open = edgeWrite(ns, a, c);
      const later = edgeWrite(ns, a, d, { time: { validFrom: T0 + 10, validTo: null } });
      await slot.b.graph.write({ nodes: [a, b, c, d].map((id) => nodeWrite(ns, { id })), edges: [closed, open, later] });
      const at = async (t: number) =>
        (await slot.b.graph.neighbors({ ns, ids: [a], direction: "out", view: { validAt: t } })).map((r) => r.edge).sort();
      expect(await at(T0 - 1)).toEqual([open.id]);
      expect(await at(T0 + 5)).toEqual([closed.id, open.id].sort());
      expect(await at(T0 + 10)).toEqual([open.id, later.id].sort());
    });

    it("view.knownAt hides edges recorded after it and edges expired at or before it", async () => {
      const ns = freshNs();
      const [a, b, c] = [uid(), uid(), uid()];
      const keep = edgeWrite(ns, a, b);
      const gone = edgeWrite(ns, a, c);
      await slot.b.graph.write({ nodes: [a, b, c].map((id) => nodeWrite(ns, { id })), edges: [keep, gone] });
      const [stored] = await slot.b.graph.getEdges({ ns, ids: [gone.id] });
      const recorded = stored!.time.recordedAt;
      const expiry = Math.max(recorded, T0) + 1_000;
      await slot.b.graph.invalidate({ ns, edgeIds: [gone.id], expiredAt: expiry, change: change(expiry) });
      const known = async (t: number) =>
        (await slot.b.graph.neighbors({ ns, ids: [a], direction: "out", view: { knownAt: t } })).map((r) => r.edge).sort();
      expect(await known(Math.min(recorded, T0) - 1)).toEqual([]);
      expect(await known(expiry - 1)).toEqual([keep.id, gone.id].sort());
      expect(await known(expiry)).toEqual([keep.id]);
    });

    it("never returns rows from another namespace, even for the same ids", async () => {
      const [ns1, ns2] = [freshNs(), freshNs()];
      const g = await diamond(ns1);
      const [x] = [uid()];
      await slot.b.graph.write({ nodes: [nodeWrite(ns2, { id: g.a }), nodeWrite(ns2, { id: x })], edges: [edgeWrite(ns2, g.a, x)] });
      const rows = await slot.b.graph.neighbors({ ns: ns1, ids: [g.a], direction: "both" });
      expect(rows.map((r) => r.neighbor).sort()).toEqual([g.b, g.c, g.d].sort());
      const rows2 = await slot.b.graph.neighbors({ ns: ns2, ids: [g.a], direction: "both" });
      expect(rows2.map((r) => r.neighbor)).toEqual([x]);
    });
  });

  describe("graph: findNodes and findEdges", () => {
    const slot = useBackend(target);

    it("filters nodes by kinds, sourceId and top-level attrs (string, number, boolean)", async () => {
      const ns = freshNs();
      const [n1, n2, n3, n4] = seqIds(4);
      await slot.b.graph.write({
        nodes: [
          nodeWrite(ns, { id: n1, kind: "entity", source: source("s1"), attrs: { color: "red", size: 3, ok: true } }),
          nodeWrite(ns, { id: n2, kind: "note", source: source("s1"), attrs: { color: "red", size: 4, ok: false } }),
          nodeWrite(ns, { id: n3, kind: "entity", source: source("s2"), attrs: { color: "blue", size: 3, ok: true } }),
          nodeWrite(ns, { id: n4, kind: "event", source: source("s2"), attrs: { color: "red", nested: { size: 3 } } }),
        ],
      });
      await slot.b.graph.write({ nodes: [nodeWrite(freshNs(), { id: n1, kind: "entity", source: source("s1") })] });
      const ids = async (f: Omit<Parameters<typeof slot.b.graph.findNodes>[0], "ns" | "limit">) =>
        (await slot.b.graph.findNodes({ ns, limit: 100, ...f })).map((n) => n.id);
      expect(await ids({ kinds: ["entity"] })).toEqual([n1, n3]);
      expect(await ids({ kinds: ["entity", "event"] })).toEqual([n1, n3, n4]);
      expect(await ids({ sourceId: "s1" })).toEqual([n1, n2]);
      expect(await ids({ attrs: { color: "red" } })).toEqual([n1, n2, n4]);
      expect(await ids({ attrs: { size: 3 } })).toEqual([n1, n3]);
      expect(await ids({ attrs: { ok: false } })).toEqual([n2]);
      expect(await ids({ kinds: ["entity"], sourceId: "s1", attrs: { color: "red", ok: true } })).toEqual([n1]);
      expect(await ids({ kinds: ["task"] })).toEqual([]);
    });

    it("orders by ascending id and keyset pagination walks every node exactly once", async () => {
      const ns = freshNs();
      const ids = seqIds(11);
      const shuffled = [...ids].sort(() => Math.random() - 0.5);
      await slot.b.graph.write({ nodes: shuffled.map((id) => nodeWrite(ns, { id })) });
      await slot.b.graph.write({ nodes: [nodeWrite(freshNs(), { id: ids[0] })] });
      const seen: string[] = [];
      let after: string | undefined;
      for (let page = 0; page < 10; page++) {
        const got = await slot.b.graph.findNodes({ ns, limit: 3, ...(after ? { after } : {}) });
        if (got.length === 0) break;
        expect(got.length).toBeLessThanOrEqual(3);
        seen.push(...got.map((n) => n.id));
        after = got[got.length - 1]!.id;
      }
      expect(seen).toEqual(ids);
    });

    it("keyset pagination walks a filtered set exactly once: attrs, sourceId, one kind, and a node's edges", async () => {
      const ns = freshNs();
      const ids = seqIds(9);
      const hub = uid();
      const inSet = (i: number) => i % 3 !== 1; // two of every three match each filter
      await slot.b.graph.write({
        nodes: [
          ...[...ids].reverse().map((id, r) => {
            const i = ids.length - 1 - r;
            return nodeWrite(ns, { id, kind: inSet(i) ? "entity" : "note", source: source(inSet(i) ? "s1" : "s2"), attrs: { group: inSet(i) ? "g" : "h" } });
          }),
          nodeWrite(ns, { id: hub }),
        ],
        // Written in reverse id order, so only the query's own ordering can return them sorted.
        edges: [...ids].reverse().map((id) => (ids.indexOf(id) % 2 === 0 ? edgeWrite(ns, hub, id, { id: `${id}-e` }) : edgeWrite(ns, id, hub, { id: `${id}-e` }))),
      });
      const pages = async <T extends { id: string }>(find: (after: string | undefined) => Promise<T[]>) => {
        const seen: string[] = [];
        let after: string | undefined;
        for (let page = 0; page < 10; page++) {
          const got = await find(after);
          if (got.length === 0) break;
          expect(got.length).toBeLessThanOrEqual(2);
          seen.push(...got.map((x) => x.id));
          after = got[got.length - 1]!.id;
        }
        return seen;
      };
      const matching = ids.filter((_, i) => inSet(i));
      const page = (after: string | undefined) => ({ ns, limit: 2, ...(after ? { after } : {}) });
      expect(await pages((after) => slot.b.graph.findNodes({ ...page(after), attrs: { group: "g" } }))).toEqual(matching);
      expect(await pages((after) => slot.b.graph.findNodes({ ...page(after), sourceId: "s1" }))).toEqual(matching);
      expect(await pages((after) => slot.b.graph.findNodes({ ...page(after), kinds: ["entity"] }))).toEqual(matching);
      expect(await pages((after) => slot.b.graph.findNodes({ ...page(after), kinds: ["entity"], attrs: { group: "g" } }))).toEqual(matching);
      expect(await pages((after) => slot.b.graph.findEdges({ ...page(after), nodeId: hub }))).toEqual(ids.map((id) => `${id}-e`));
    });

    it('order "latest" returns the newest event time first', async () => {
      const ns = freshNs();
      const [x, y, z] = [uid(), uid(), uid()];
      await slot.b.graph.write({
        nodes: [
          nodeWrite(ns, { id: x, time: { at: T0 + 1 } }),
          nodeWrite(ns, { id: y, time: { at: T0 + 3 } }),
          nodeWrite(ns, { id: z, time: { at: T0 + 2 } }),
        ],
      });
      expect((await slot.b.graph.findNodes({ ns, order: "latest", limit: 10 })).map((n) => n.id)).toEqual([y, z, x]);
      expect((await slot.b.graph.findNodes({ ns, order: "latest", limit: 2 })).map((n) => n.id)).toEqual([y, z]);
    });

    it("atRange keeps nodes whose event time is in [from, to): from inclusive, to exclusive, no time never", async () => {
      const ns = freshNs();
      const [before, atFrom, inside, lastIn, atTo, untimed] = seqIds(6);
      await slot.b.graph.write({
        nodes: [
          nodeWrite(ns, { id: before, time: { at: T0 - 1 } }),
          nodeWrite(ns, { id: atFrom, time: { at: T0 } }),
          nodeWrite(ns, { id: inside, time: { at: T0 + 5 * HOUR } }),
          nodeWrite(ns, { id: lastIn, time: { at: T0 + 10 * HOUR - 1 } }),
          nodeWrite(ns, { id: atTo, time: { at: T0 + 10 * HOUR } }),
          nodeWrite(ns, { id: untimed }),
        ],
      });
      // Same times in another namespace: never returned.
      await slot.b.graph.write({ nodes: [nodeWrite(freshNs(), { id: inside, time: { at: T0 + 5 * HOUR } })] });
      const ids = async (atRange: { from?: number; to?: number }) =>
        (await slot.b.graph.findNodes({ ns, limit: 100, atRange })).map((n) => n.id);
      expect(await ids({ from: T0, to: T0 + 10 * HOUR })).toEqual([atFrom, inside, lastIn]);
      expect(await ids({ from: T0 + 10 * HOUR })).toEqual([atTo]);
      expect(await ids({ to: T0 })).toEqual([before]);
      expect(await ids({})).toEqual([before, atFrom, inside, lastIn, atTo]);
      expect(await ids({ from: T0 + HOUR, to: T0 + HOUR })).toEqual([]);
      await expectCode(slot.b.graph.findNodes({ ns, limit: 10, atRange: { from: Number.NaN } }), "VALIDATION");
    });

    it('atRange combines with kinds, order "latest", limit, view and pagination', async () => {
      const ns = freshNs();
      const [e1, e2, e3, v1, x1, old] = seqIds(6);
      await slot.b.graph.write({
        nodes: [
          nodeWrite(ns, { id: e1, kind: "episode", time: { at: T0 + HOUR } }),
          nodeWrite(ns, { id: e2, kind: "episode", time: { at: T0 + 3 * HOUR } }),
          nodeWrite(ns, { id: e3, kind: "episode", time: { at: T0 + 2 * HOUR, validFrom: T0 + 50 * HOUR, validTo: null } }),
          nodeWrite(ns, { id: v1, kind: "event", time: { at: T0 + 4 * HOUR } }),
          nodeWrite(ns, { id: x1, kind: "entity", time: { at: T0 + 2 * HOUR } }),
          nodeWrite(ns, { id: old, kind: "episode", time: { at: T0 - HOUR } }),
        ],
      });
      const atRange = { from: T0, to: T0 + 24 * HOUR };
      const find = async (f: Omit<Parameters<typeof slot.b.graph.findNodes>[0], "ns" | "atRange">) =>
        (await slot.b.graph.findNodes({ ns, atRange, ...f })).map((n) => n.id);
      expect(await find({ kinds: ["episode", "event"], order: "latest", limit: 10 })).toEqual([v1, e2, e3, e1]);
      expect(await find({ kinds: ["episode", "event"], order: "latest", limit: 2 })).toEqual([v1, e2]);
      expect(await find({ kinds: ["episode"], limit: 10 })).toEqual([e1, e2, e3]);
      expect(await find({ kinds: ["episode"], view: { validAt: T0 + 5 * HOUR }, limit: 10 })).toEqual([e1, e2]);
      expect(await find({ kinds: ["episode"], after: e1, limit: 10 })).toEqual([e2, e3]);
      expect(await find({ kinds: ["task"], limit: 10 })).toEqual([]);
      expect((await slot.b.graph.findNodes({ ns, kinds: ["episode"], atRange: { to: T0 }, order: "latest", limit: 10 })).map((n) => n.id)).toEqual([old]);
    });

    it("view.validAt keeps only nodes valid at that instant", async () => {
      const ns = freshNs();
      const [past, always, future] = seqIds(3);
      await slot.b.graph.write({
        nodes: [
          nodeWrite(ns, { id: past, time: { validFrom: T0 - 100, validTo: T0 } }),
          nodeWrite(ns, { id: always }),
          nodeWrite(ns, { id: future, time: { validFrom: T0 + 100, validTo: null } }),
        ],
      });
      const at = async (t: number) => (await slot.b.graph.findNodes({ ns, limit: 10, view: { validAt: t } })).map((n) => n.id);
      expect(await at(T0 - 1)).toEqual([past, always]);
      expect(await at(T0)).toEqual([always]);
      expect(await at(T0 + 100)).toEqual([always, future]);
    });

    it("filters edges by kinds, nodeId (either direction) and sourceId", async () => {
      const ns = freshNs();
      const [a, b, c] = [uid(), uid(), uid()];
      const [e1, e2, e3] = seqIds(3);
      await slot.b.graph.write({
        nodes: [a, b, c].map((id) => nodeWrite(ns, { id })),
        edges: [
          edgeWrite(ns, a, b, { id: e1, kind: "link", source: source("s1") }),
          edgeWrite(ns, c, a, { id: e2, kind: "causes", source: source("s2") }),
          edgeWrite(ns, b, c, { id: e3, kind: "link", source: source("s2") }),
        ],
      });
      const ids = async (f: Omit<Parameters<typeof slot.b.graph.findEdges>[0], "ns" | "limit">) =>
        (await slot.b.graph.findEdges({ ns, limit: 100, ...f })).map((e) => e.id);
      expect(await ids({})).toEqual([e1, e2, e3]);
      expect(await ids({ kinds: ["link"] })).toEqual([e1, e3]);
      expect(await ids({ nodeId: a })).toEqual([e1, e2]);
      expect(await ids({ sourceId: "s2" })).toEqual([e2, e3]);
      expect(await ids({ nodeId: c, kinds: ["link"] })).toEqual([e3]);
    });

    it("paginates edges by id with after and filters them by view", async () => {
      const ns = freshNs();
      const nodes = [uid(), uid()];
      const ids = seqIds(7);
      await slot.b.graph.write({
        nodes: nodes.map((id) => nodeWrite(ns, { id })),
        edges: ids.map((id, i) => edgeWrite(ns, nodes[0]!, nodes[1]!, { id, time: { validFrom: null, validTo: i < 2 ? T0 : null } })),
      });
      const seen: string[] = [];
      let after: string | undefined;
      for (let page = 0; page < 10; page++) {
        const got = await slot.b.graph.findEdges({ ns, limit: 2, ...(after ? { after } : {}) });
        if (got.length === 0) break;
        seen.push(...got.map((e) => e.id));
        after = got[got.length - 1]!.id;
      }
      expect(seen).toEqual(ids);
      const valid = await slot.b.graph.findEdges({ ns, limit: 100, view: { validAt: T0 } });
      expect(valid.map((e) => e.id)).toEqual(ids.slice(2));
    });
  });
}
