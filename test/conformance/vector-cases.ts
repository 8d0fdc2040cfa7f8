import { describe, expect, it } from "vitest";
import type { VectorPoint } from "@hippograph/memory";
import { bruteForce, expectCode, freshNs, randomVector, rng, uid } from "./fixtures.js";
import { DIMENSIONS, useBackend } from "./harness.js";
import type { ConformanceTarget } from "./kit.js";

const unit = (i: number, dims = DIMENSIONS) => {
  const v = new Float32Array(dims);
  v[i] = 1;
  return v;
};

/** cosine search by brute-force ground truth; exact on small sets, high recall on larger ones. */
export function vectorCases(target: ConformanceTarget): void {
  describe("vectors", () => {
    const slot = useBackend(target);

    async function seed(ns: string, n: number, seedNo: number, kind = "note") {
      const next = rng(seedNo);
      const points = new Map<string, Float32Array>();
      const batch: VectorPoint[] = [];
      for (let i = 0; i < n; i++) {
        const id = uid("v");
        const vector = randomVector(next, DIMENSIONS);
        points.set(id, vector);
        batch.push({ ns, id, kind, vector });
      }
      await slot.b.vectors.upsert(batch);
      return { points, next };
    }

    it("reports the dimensions it was created with", () => {
      expect(slot.b.vectors.dimensions).toBe(DIMENSIONS);
    });

    it("returns exactly the k nearest by cosine on a small set, best first", async () => {
      const ns = freshNs();
      const { points, next } = await seed(ns, 60, 1);
      for (let q = 0; q < 5; q++) {
        const query = randomVector(next, DIMENSIONS);
        const hits = await slot.b.vectors.search({ ns, vector: query, k: 5 });
        expect(hits.map((h) => h.id)).toEqual(bruteForce(points, query, 5));
        const scores = hits.map((h) => h.score);
        expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      }
    });

    it("keeps the last of an id written twice in one upsert, and no trace of the first, also once the partition is loaded", async () => {
      const ns = freshNs();
      const [a, b] = [uid("v"), uid("v")];
      await slot.b.vectors.upsert([{ ns, id: a, kind: "note", vector: unit(0) }]);
      await slot.b.vectors.search({ ns, vector: unit(0), k: 1 }); // an embedded store now holds the partition in memory
      await slot.b.vectors.upsert([{ ns, id: b, kind: "note", vector: unit(1) }, { ns, id: b, kind: "note", vector: unit(2) }]);
      const hits = await slot.b.vectors.search({ ns, vector: unit(2), k: 2 });
      expect(hits.map((h) => h.id)).toEqual([b, a]);
      expect(hits[0]!.score).toBeCloseTo(1, 3);
    });

    it("scores an identical direction ≈ 1, whatever the magnitude", async () => {
      const ns = freshNs();
      const { next } = await seed(ns, 20, 2);
      const id = uid("v");
      const v = randomVector(next, DIMENSIONS);
      await slot.b.vectors.upsert([{ ns, id, kind: "note", vector: v }]);
      const [top] = await slot.b.vectors.search({ ns, vector: v.map((x) => x * 7.5), k: 3 });
      expect(top?.id).toBe(id);
      expect(top?.score).toBeCloseTo(1, 3);
    });

    it("filters by kinds", async () => {
      const ns = freshNs();
      const [e, n, t] = [uid("e"), uid("n"), uid("t")];
      await slot.b.vectors.upsert([
        { ns, id: e, kind: "entity", vector: unit(0) },
        { ns, id: n, kind: "note", vector: unit(0).map((x, i) => (i === 1 ? 0.1 : x)) },
        { ns, id: t, kind: "task", vector: unit(1) },
      ]);
      const ids = async (kinds?: string[]) => (await slot.b.vectors.search({ ns, vector: unit(0), k: 10, ...(kinds ? { kinds } : {}) })).map((h) => h.id);
      expect(await ids()).toEqual([e, n, t]);
      expect(await ids(["note", "task"])).toEqual([n, t]);
      expect(await ids(["task"])).toEqual([t]);
      expect(await ids(["episode"])).toEqual([]);
    });

    it("keeps namespaces apart, even for the same id", async () => {
      const [ns1, ns2] = [freshNs(), freshNs()];
      const id = uid("v");
      await slot.b.vectors.upsert([
        { ns: ns1, id, kind: "note", vector: unit(0) },
        { ns: ns2, id, kind: "note", vector: unit(1) },
        { ns: ns2, id: uid("v"), kind: "note", vector: unit(2) },
      ]);
      const hits1 = await slot.b.vectors.search({ ns: ns1, vector: unit(1), k: 10 });
      expect(hits1.map((h) => h.id)).toEqual([id]);
      expect(hits1[0]?.score).toBeCloseTo(0, 3);
      const [top2] = await slot.b.vectors.search({ ns: ns2, vector: unit(1), k: 1 });
      expect(top2).toMatchObject({ id });
      expect(top2?.score).toBeCloseTo(1, 3);
      expect(await slot.b.vectors.search({ ns: freshNs(), vector: unit(0), k: 5 })).toEqual([]);
    });

    it("upserting an existing id replaces its vector", async () => {
      const ns = freshNs();
      const [a, b] = [uid("v"), uid("v")];
      await slot.b.vectors.upsert([{ ns, id: a, kind: "note", vector: unit(0) }, { ns, id: b, kind: "note", vector: unit(1) }]);
      await slot.b.vectors.upsert([{ ns, id: a, kind: "note", vector: unit(2) }]);
      const hits = await slot.b.vectors.search({ ns, vector: unit(2), k: 10 });
      expect(hits.map((h) => h.id)).toEqual([a, b]);
      expect(hits[0]?.score).toBeCloseTo(1, 3);
      const old = await slot.b.vectors.search({ ns, vector: unit(0), k: 10 });
      expect(old.every((h) => h.score < 0.5)).toBe(true);
    });

    it("delete removes points from search, in its namespace only", async () => {
      const [ns1, ns2] = [freshNs(), freshNs()];
      const [a, b] = [uid("v"), uid("v")];
      await slot.b.vectors.upsert([
        { ns: ns1, id: a, kind: "note", vector: unit(0) },
        { ns: ns1, id: b, kind: "note", vector: unit(1) },
        { ns: ns2, id: a, kind: "note", vector: unit(0) },
      ]);
      await slot.b.vectors.delete({ ns: ns1, ids: [a, uid("missing")] });
      expect((await slot.b.vectors.search({ ns: ns1, vector: unit(0), k: 10 })).map((h) => h.id)).toEqual([b]);
      expect((await slot.b.vectors.search({ ns: ns2, vector: unit(0), k: 10 })).map((h) => h.id)).toEqual([a]);
    });

    it("rejects a vector of the wrong length with VALIDATION, on upsert and on search", async () => {
      const ns = freshNs();
      const ok = uid("v");
      await expectCode(
        slot.b.vectors.upsert([{ ns, id: ok, kind: "note", vector: unit(0) }, { ns, id: uid("v"), kind: "note", vector: new Float32Array(DIMENSIONS + 1) }]),
        "VALIDATION",
      );
      await expectCode(slot.b.vectors.search({ ns, vector: new Float32Array(DIMENSIONS - 1), k: 3 }), "VALIDATION");
      expect(await slot.b.vectors.search({ ns, vector: unit(0), k: 3 })).toEqual([]);
    });

    it("keeps top-10 recall >= 0.9 against brute force on 3,000 vectors", async () => {
      const ns = freshNs();
      const { points, next } = await seed(ns, 3_000, 3);
      await seed(freshNs(), 500, 4);
      let found = 0;
      const queries = 30;
      for (let q = 0; q < queries; q++) {
        const query = randomVector(next, DIMENSIONS);
        const truth = new Set(bruteForce(points, query, 10));
        const hits = await slot.b.vectors.search({ ns, vector: query, k: 10 });
        expect(hits.length).toBe(10);
        found += hits.filter((h) => truth.has(h.id)).length;
      }
      expect(found / (queries * 10)).toBeGreaterThanOrEqual(0.9);
    }, 60_000);
  });
}
