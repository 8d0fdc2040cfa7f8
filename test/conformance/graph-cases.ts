import { describe, expect, it } from "vitest";
import type { MemoryNode } from "@hippograph/memory";
import { change, edgeWrite, expectCode, freshNs, HOUR, nodeWrite, source, T0, uid } from "./fixtures.js";
import { useBackend } from "./harness.js";
import type { ConformanceTarget } from "./kit.js";

/** write(), getNodes(), getEdges(): identity, versioning, atomicity, validation, exact round trips. */
export function graphCases(target: ConformanceTarget): void {
  describe("graph: write and read back", () => {
    const slot = useBackend(target);

    it("creates a node at version 1, recordedAt = change.at, and round-trips every field", async () => {
      const ns = freshNs();
      const w = nodeWrite(ns, {
        kind: "entity",
        text: "Ada Lovelace",
        attrs: { name: "Ada", born: 1815, alive: false, tags: ["math", "poetry"], nested: { a: { b: [1, null, "x"] } }, none: null },
        source: source("doc-1", { type: "web", trust: 0.4 }),
        time: { at: T0 - HOUR, validFrom: T0 - 2 * HOUR, validTo: T0 + HOUR },
        change: change(T0 + 5),
      });
      await slot.b.graph.write({ nodes: [w] });
      const [got] = await slot.b.graph.getNodes({ ns, ids: [w.id] });
      const expected: MemoryNode = {
        id: w.id, ns, kind: "entity", text: "Ada Lovelace", attrs: w.attrs, source: w.source,
        time: { at: T0 - HOUR, validFrom: T0 - 2 * HOUR, validTo: T0 + HOUR, recordedAt: T0 + 5, expiredAt: null },
        version: 1,
      };
      expect(got).toEqual(expected);
    });

    it("keeps null text distinct from empty text, and empty attrs as {}", async () => {
      const ns = freshNs();
      const a = nodeWrite(ns, { text: null });
      const b = nodeWrite(ns, { text: "" });
      await slot.b.graph.write({ nodes: [a, b] });
      const got = await slot.b.graph.getNodes({ ns, ids: [a.id, b.id] });
      expect(got.map((n) => n.text)).toEqual([null, ""]);
      expect(got.map((n) => n.attrs)).toEqual([{}, {}]);
    });

    it("rewriting a node replaces its fields, increments version and keeps the first recordedAt", async () => {
      const ns = freshNs();
      const first = nodeWrite(ns, { text: "v1", attrs: { a: 1, keep: "no" }, change: change(T0) });
      await slot.b.graph.write({ nodes: [first] });
      const second = nodeWrite(ns, {
        id: first.id, kind: "event", text: "v2", attrs: { b: 2 }, source: source("other", { type: "agent", trust: 0.7 }),
        time: { at: T0 + 7, validFrom: T0 + 1, validTo: null }, change: change(T0 + HOUR),
      });
      await slot.b.graph.write({ nodes: [second] });
      const [got] = await slot.b.graph.getNodes({ ns, ids: [first.id] });
      expect(got).toEqual({
        id: first.id, ns, kind: "event", text: "v2", attrs: { b: 2 }, source: second.source,
        time: { at: T0 + 7, validFrom: T0 + 1, validTo: null, recordedAt: T0, expiredAt: null },
        version: 2,
      });
    });

    it("treats the same id in two namespaces as two separate nodes", async () => {
      const [ns1, ns2] = [freshNs(), freshNs()];
      const id = uid();
      await slot.b.graph.write({ nodes: [nodeWrite(ns1, { id, text: "one" })] });
      await slot.b.graph.write({ nodes: [nodeWrite(ns2, { id, text: "two" })] });
      await slot.b.graph.write({ nodes: [nodeWrite(ns2, { id, text: "two again" })] });
      const [a] = await slot.b.graph.getNodes({ ns: ns1, ids: [id] });
      const [b] = await slot.b.graph.getNodes({ ns: ns2, ids: [id] });
      expect(a).toMatchObject({ ns: ns1, text: "one", version: 1 });
      expect(b).toMatchObject({ ns: ns2, text: "two again", version: 2 });
    });

    it("expectedVersion 0 on an existing node rejects with CONFLICT and writes nothing of the batch", async () => {
      const ns = freshNs();
      const existing = nodeWrite(ns, { text: "original" });
      await slot.b.graph.write({ nodes: [existing] });
      const bystander = nodeWrite(ns);
      const clash = nodeWrite(ns, { id: existing.id, text: "clobbered", expectedVersion: 0 });
      await expectCode(slot.b.graph.write({ nodes: [bystander, clash] }), "CONFLICT");
      const got = await slot.b.graph.getNodes({ ns, ids: [existing.id, bystander.id] });
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({ id: existing.id, text: "original", version: 1 });
    });

    it("a stale expectedVersion rejects with CONFLICT atomically; the current one succeeds", async () => {
      const ns = freshNs();
      const n = nodeWrite(ns, { text: "v1" });
      await slot.b.graph.write({ nodes: [n] });
      await slot.b.graph.write({ nodes: [{ ...n, text: "v2", expectedVersion: 1 }] });
      const other = nodeWrite(ns);
      const target2 = nodeWrite(ns);
      await expectCode(
        slot.b.graph.write({ nodes: [other, { ...n, text: "stale", expectedVersion: 1 }], edges: [edgeWrite(ns, other.id, n.id)] }),
        "CONFLICT",
      );
      expect(await slot.b.graph.getNodes({ ns, ids: [other.id] })).toEqual([]);
      expect(await slot.b.graph.findEdges({ ns, limit: 10 })).toEqual([]);
      await slot.b.graph.write({ nodes: [{ ...n, text: "v3", expectedVersion: 2 }, { ...target2, expectedVersion: 0 }] });
      const got = await slot.b.graph.getNodes({ ns, ids: [n.id, target2.id] });
      expect(got.map((x) => [x.text, x.version])).toEqual([["v3", 3], ["a note", 1]]);
    });

    it("an edge to a missing node rejects with VALIDATION and writes nothing of the batch", async () => {
      const ns = freshNs();
      const a = nodeWrite(ns);
      const b = nodeWrite(ns);
      const good = edgeWrite(ns, a.id, b.id);
      const dangling = edgeWrite(ns, a.id, uid("missing"));
      await expectCode(slot.b.graph.write({ nodes: [a, b], edges: [good, dangling] }), "VALIDATION");
      expect(await slot.b.graph.getNodes({ ns, ids: [a.id, b.id] })).toEqual([]);
      expect(await slot.b.graph.getEdges({ ns, ids: [good.id, dangling.id] })).toEqual([]);
    });

    it("an edge whose endpoint exists only in another namespace rejects with VALIDATION", async () => {
      const [ns1, ns2] = [freshNs(), freshNs()];
      const foreign = nodeWrite(ns1);
      await slot.b.graph.write({ nodes: [foreign] });
      const local = nodeWrite(ns2);
      await expectCode(slot.b.graph.write({ nodes: [local], edges: [edgeWrite(ns2, local.id, foreign.id)] }), "VALIDATION");
      await expectCode(slot.b.graph.write({ nodes: [local], edges: [edgeWrite(ns2, foreign.id, local.id)] }), "VALIDATION");
      expect(await slot.b.graph.getNodes({ ns: ns2, ids: [local.id] })).toEqual([]);
    });

    it("an edge may point at a stored node or one written in the same batch", async () => {
      const ns = freshNs();
      const stored = nodeWrite(ns);
      await slot.b.graph.write({ nodes: [stored] });
      const fresh = nodeWrite(ns);
      const e = edgeWrite(ns, fresh.id, stored.id, { kind: "mentions" });
      await slot.b.graph.write({ nodes: [fresh], edges: [e] });
      const [got] = await slot.b.graph.getEdges({ ns, ids: [e.id] });
      expect(got).toMatchObject({ from: fresh.id, to: stored.id, kind: "mentions" });
    });

    it("an unknown node kind rejects with VALIDATION before anything is written", async () => {
      const ns = freshNs();
      const good = nodeWrite(ns);
      const bad = nodeWrite(ns, { kind: "not_a_kind" });
      await expectCode(slot.b.graph.write({ nodes: [good, bad] }), "VALIDATION");
      expect(await slot.b.graph.getNodes({ ns, ids: [good.id, bad.id] })).toEqual([]);
    });

    it("an unknown edge kind rejects with VALIDATION before anything is written", async () => {
      const ns = freshNs();
      const a = nodeWrite(ns);
      const b = nodeWrite(ns);
      await expectCode(slot.b.graph.write({ nodes: [a, b], edges: [edgeWrite(ns, a.id, b.id, { kind: "loves_secretly" })] }), "VALIDATION");
      expect(await slot.b.graph.getNodes({ ns, ids: [a.id, b.id] })).toEqual([]);
    });

    it.each([
      ["empty", ""], ["spaced", "a b"], ["path-like", "../x"], ["leading dash", "-lead"], ["129 characters", "x".repeat(129)],
    ])("a namespace that is %s rejects with VALIDATION", async (_label, bad) => {
      const n = nodeWrite(bad);
      await expectCode(slot.b.graph.write({ nodes: [n] }), "VALIDATION");
      expect(await slot.b.graph.listNamespaces()).toEqual([]);
    });

    it("applies the nodes of one batch in order", async () => {
      const ns = freshNs();
      const id = uid();
      await slot.b.graph.write({
        nodes: [
          nodeWrite(ns, { id, text: "first", expectedVersion: 0, change: change(T0) }),
          nodeWrite(ns, { id, text: "second", expectedVersion: 1, change: change(T0 + 1) }),
        ],
      });
      const [got] = await slot.b.graph.getNodes({ ns, ids: [id] });
      expect(got).toMatchObject({ text: "second", version: 2 });
      expect(got?.time.recordedAt).toBe(T0);
      expect((await slot.b.graph.history({ ns, id })).map((v) => v.change.at)).toEqual([T0, T0 + 1]);
    });

    it("stamps new edges with the write's recordedAt, and keeps it when the edge is rewritten", async () => {
      const ns = freshNs();
      const [a, b] = [nodeWrite(ns), nodeWrite(ns)];
      const e = edgeWrite(ns, a.id, b.id);
      await slot.b.graph.write({ nodes: [a, b], edges: [e], recordedAt: T0 + 42 });
      await slot.b.graph.write({ edges: [{ ...e, weight: 0.5 }], recordedAt: T0 + 99 });
      const [got] = await slot.b.graph.getEdges({ ns, ids: [e.id] });
      expect(got).toMatchObject({ weight: 0.5, time: { recordedAt: T0 + 42, expiredAt: null } });
      // Seen from just after the first write, the edge is there; from before it, not.
      const from = (knownAt: number) => slot.b.graph.neighbors({ ns, ids: [a.id], direction: "out", view: { knownAt } });
      expect((await from(T0 + 42)).map((r) => r.neighbor)).toEqual([b.id]);
      expect(await from(T0 + 41)).toEqual([]);
    });

    it("getNodes returns the order asked, skipping missing ids and other namespaces' ids", async () => {
      const [ns, other] = [freshNs(), freshNs()];
      const [a, b, c] = [nodeWrite(ns), nodeWrite(ns), nodeWrite(ns)];
      const elsewhere = nodeWrite(other);
      await slot.b.graph.write({ nodes: [a, b, c] });
      await slot.b.graph.write({ nodes: [elsewhere] });
      const got = await slot.b.graph.getNodes({ ns, ids: [c.id, uid("missing"), a.id, elsewhere.id, b.id] });
      expect(got.map((n) => n.id)).toEqual([c.id, a.id, b.id]);
      expect(await slot.b.graph.getNodes({ ns, ids: [] })).toEqual([]);
    });

    it("getEdges round-trips every field, in the order asked, skipping missing and foreign ids", async () => {
      const [ns, other] = [freshNs(), freshNs()];
      const [a, b] = [nodeWrite(ns), nodeWrite(ns)];
      const e1 = edgeWrite(ns, a.id, b.id, {
        kind: "causes", weight: 0.25, attrs: { why: "because", n: [1, { x: true }] },
        source: source("edge-src", { type: "tool", trust: 0.6 }), time: { validFrom: T0, validTo: T0 + HOUR },
      });
      const e2 = edgeWrite(ns, b.id, a.id);
      const [x, y] = [nodeWrite(other), nodeWrite(other)];
      const foreign = edgeWrite(other, x.id, y.id);
      await slot.b.graph.write({ nodes: [a, b], edges: [e1, e2] });
      await slot.b.graph.write({ nodes: [x, y], edges: [foreign] });
      const got = await slot.b.graph.getEdges({ ns, ids: [e2.id, foreign.id, uid("missing"), e1.id] });
      expect(got.map((e) => e.id)).toEqual([e2.id, e1.id]);
      expect(got[1]).toEqual({
        id: e1.id, ns, kind: "causes", from: a.id, to: b.id, weight: 0.25, attrs: e1.attrs, source: e1.source,
        time: { validFrom: T0, validTo: T0 + HOUR, recordedAt: expect.any(Number), expiredAt: null },
      });
    });

    it("rewriting an edge id replaces it rather than adding a second edge", async () => {
      const ns = freshNs();
      const [a, b] = [nodeWrite(ns), nodeWrite(ns)];
      const e = edgeWrite(ns, a.id, b.id, { weight: 0.1 });
      await slot.b.graph.write({ nodes: [a, b], edges: [e] });
      await slot.b.graph.write({ edges: [{ ...e, weight: 0.8, kind: "relates" }] });
      const edges = await slot.b.graph.findEdges({ ns, limit: 10 });
      expect(edges.map((x) => [x.id, x.kind, x.weight])).toEqual([[e.id, "relates", 0.8]]);
    });

    it("round-trips emoji, CJK, RTL, combining marks and control characters exactly", async () => {
      const ns = freshNs();
      const weird = "🦛🧠 海马体 记忆 שָׁלוֹם مرحبا e\u0301 Å \u0007\u0001\t\r\n\u001f\u007f\u200b\u202e end";
      const nfc = `n-caf\u00e9-${uid()}`;
      const nfd = nfc.replace("caf\u00e9", "cafe\u0301");
      const emojiId = `🦛-海马-${uid()}`;
      const attrs = { "ключ 🔑": weird, 数组: [weird, { "עברית": "e\u0301" }] };
      await slot.b.graph.write({
        nodes: [nodeWrite(ns, { id: nfc, text: "nfc" }), nodeWrite(ns, { id: nfd, text: "nfd" }), nodeWrite(ns, { id: emojiId, text: weird, attrs })],
      });
      const got = await slot.b.graph.getNodes({ ns, ids: [nfd, emojiId, nfc] });
      expect(got.map((n) => [n.id, n.text])).toEqual([[nfd, "nfd"], [emojiId, weird], [nfc, "nfc"]]);
      expect(got[1]?.attrs).toEqual(attrs);
    });
  });
}
