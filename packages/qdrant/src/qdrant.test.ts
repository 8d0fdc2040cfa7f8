import { describe, expect, it } from "vitest";
import { HippographError } from "@hippograph/memory";
import { collectionName } from "./collection.js";
import { isTransient } from "./errors.js";
import { qdrantVectors } from "./factory.js";
import { fakeQdrant } from "./fake-qdrant.test-support.js";
import { pointId } from "./point-id.js";
import { deleteRequest, queryRequest, scopeFilter, upsertRequest } from "./requests.js";

const unit = (i: number, dims = 4) => Float32Array.from({ length: dims }, (_, j) => (j === i ? 1 : 0));
const code = async (p: Promise<unknown>) => {
  const err = await p.then(() => undefined, (e: unknown) => e);
  return HippographError.isInstance(err) ? err.code : String(err);
};
const open = (fake = fakeQdrant(), over: Partial<Parameters<typeof qdrantVectors>[0]> = {}) =>
  qdrantVectors({ url: "http://qdrant.test:6333", collection: "unit", dimensions: 4, ...over }, fake.api);

describe("point ids", () => {
  it("are deterministic UUIDv5 per (ns, id), distinct across namespaces and separators", () => {
    const a = pointId("ns1", "x");
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(pointId("ns1", "x")).toBe(a);
    expect(pointId("ns2", "x")).not.toBe(a);
    expect(pointId("ns1", "1x")).not.toBe(pointId("ns11", "x"));
  });
});

describe("request construction", () => {
  it("filters: must ns, kinds as match any, ids as has_id", () => {
    expect(scopeFilter("t1")).toEqual({ must: [{ key: "ns", match: { value: "t1" } }] });
    expect(scopeFilter("t1", ["note", "task"])).toEqual({ must: [{ key: "ns", match: { value: "t1" } }, { key: "kind", match: { any: ["note", "task"] } }] });
    expect(deleteRequest("t1", ["a"])).toEqual({ wait: true, filter: { must: [{ key: "ns", match: { value: "t1" } }, { has_id: [pointId("t1", "a")] }] } });
  });

  it("upserts wait, and carry ns/id/kind in the payload; queries fetch only the id payload", () => {
    const up = upsertRequest([{ ns: "t1", id: "a", kind: "note", vector: unit(0) }]);
    expect(up).toEqual({ wait: true, points: [{ id: pointId("t1", "a"), vector: [1, 0, 0, 0], payload: { ns: "t1", id: "a", kind: "note" } }] });
    expect(queryRequest({ ns: "t1", vector: unit(1), k: 3 })).toMatchObject({ query: [0, 1, 0, 0], limit: 3, with_payload: ["id"], with_vector: false });
  });

  it("a value with filter or JSON syntax stays a plain value", () => {
    const evil = '{"must_not":[]}" OR 1=1';
    expect(scopeFilter("t1", [evil]).must).toContainEqual({ key: "kind", match: { any: [evil] } });
  });
});

describe("collections", () => {
  it("are named hippograph_<name>; bad names are VALIDATION", async () => {
    expect(collectionName("prod-1")).toBe("hippograph_prod-1");
    expect(await code(open(fakeQdrant(), { collection: "../etc" }))).toBe("VALIDATION");
    expect(await code(open(fakeQdrant(), { collection: "Upper" }))).toBe("VALIDATION");
  });

  it("is created with Cosine and the size, with keyword payload indexes on ns and kind", async () => {
    const fake = fakeQdrant();
    await open(fake);
    expect(fake.calls.find((c) => c.method === "createCollection")?.args).toEqual({ vectors: { size: 4, distance: "Cosine" } });
    expect(fake.calls.filter((c) => c.method === "createPayloadIndex").map((c) => (c.args as { field_name: string }).field_name)).toEqual(["ns", "kind"]);
  });

  it("an existing collection of another dimension or distance is INCOMPATIBLE_DATABASE", async () => {
    expect(await code(open(fakeQdrant({ existing: { name: "hippograph_unit", size: 8 } })))).toBe("INCOMPATIBLE_DATABASE");
    expect(await code(open(fakeQdrant({ existing: { name: "hippograph_unit", size: 4, distance: "Dot" } })))).toBe("INCOMPATIBLE_DATABASE");
    await expect(open(fakeQdrant({ existing: { name: "hippograph_unit", size: 4 } }))).resolves.toBeDefined();
  });
});

describe("QdrantVectorStore", () => {
  it("batches upserts: 1,000 points at batchSize 256 are 4 requests", async () => {
    const fake = fakeQdrant();
    const store = await open(fake, { batchSize: 256 });
    await store.upsert(Array.from({ length: 1_000 }, (_, i) => ({ ns: "t1", id: `p${i}`, kind: "note", vector: unit(i % 4) })));
    const sizes = fake.calls.filter((c) => c.method === "upsert").map((c) => (c.args as { points: unknown[] }).points.length);
    expect(sizes).toEqual([256, 256, 256, 232]);
  });

  it("rejects wrong dimensions with VALIDATION before any request, on upsert and search", async () => {
    const fake = fakeQdrant();
    const store = await open(fake);
    const before = fake.calls.length;
    expect(await code(store.upsert([{ ns: "t1", id: "a", kind: "note", vector: unit(0, 5) }]))).toBe("VALIDATION");
    expect(await code(store.search({ ns: "t1", vector: unit(0, 3), k: 2 }))).toBe("VALIDATION");
    expect(await code(store.search({ ns: "bad ns!", vector: unit(0), k: 2 }))).toBe("VALIDATION");
    expect(fake.calls.length).toBe(before);
  });

  it("searches within the namespace and kinds, and deletes in its namespace only", async () => {
    const store = await open();
    await store.upsert([
      { ns: "t1", id: "a", kind: "note", vector: unit(0) },
      { ns: "t1", id: "b", kind: "entity", vector: unit(1) },
      { ns: "t2", id: "a", kind: "note", vector: unit(0) },
    ]);
    expect((await store.search({ ns: "t1", vector: unit(0), k: 5 })).map((h) => h.id)).toEqual(["a", "b"]);
    expect((await store.search({ ns: "t1", vector: unit(0), k: 5, kinds: ["entity"] })).map((h) => h.id)).toEqual(["b"]);
    await store.delete({ ns: "t1", ids: ["a"] });
    expect((await store.search({ ns: "t1", vector: unit(0), k: 5 })).map((h) => h.id)).toEqual(["b"]);
    expect((await store.search({ ns: "t2", vector: unit(0), k: 5 })).map((h) => h.id)).toEqual(["a"]);
  });

  it("retries transient failures, then succeeds; a 4xx is not retried and becomes STORAGE naming the host", async () => {
    const fake = fakeQdrant();
    const store = await open(fake);
    const real = fake.api.upsert;
    let failures = 2;
    fake.api.upsert = async (...args) => (failures-- > 0 ? Promise.reject(Object.assign(new Error("busy"), { status: 503 })) : real(...args));
    await store.upsert([{ ns: "t1", id: "a", kind: "note", vector: unit(0) }]);
    expect(failures).toBe(-1);
    let calls = 0;
    fake.api.query = async () => {
      calls++;
      throw Object.assign(new Error("Bad request"), { status: 400 });
    };
    const err = await store.search({ ns: "t1", vector: unit(0), k: 1 }).catch((e: unknown) => e);
    expect(HippographError.isInstance(err) && err.code).toBe("STORAGE");
    expect(String((err as Error).message)).toContain("http://qdrant.test:6333");
    expect(calls).toBe(1);
  });

  it("an unreachable server fails at start with STORAGE naming it, after bounded retries", async () => {
    const fake = fakeQdrant();
    let attempts = 0;
    fake.api.collectionExists = async () => {
      attempts++;
      throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
    };
    const err = await open(fake, { retries: 3 }).catch((e: unknown) => e);
    expect(HippographError.isInstance(err) && err.code).toBe("STORAGE");
    expect((err as Error).message).toMatch(/qdrant\.test:6333.*unreachable/);
    expect(attempts).toBe(3);
  }, 10_000);

  it("classifies errors: 429/502/503/504 and dropped connections transient, 400/401/404 not", () => {
    for (const status of [429, 502, 503, 504]) expect(isTransient({ status })).toBe(true);
    for (const status of [400, 401, 404, 409]) expect(isTransient({ status })).toBe(false);
    expect(isTransient(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNRESET" } }))).toBe(true);
    expect(isTransient(new Error("boom"))).toBe(false);
  });
});

describe("qdrantVectors with the real REST client (no server needed)", () => {
  it("an unreachable server is a STORAGE error naming it", async () => {
    const err = await qdrantVectors({ url: "http://127.0.0.1:1", collection: "x", dimensions: 4, retries: 2 }).catch((e: unknown) => e);
    expect(HippographError.isInstance(err) && err.code).toBe("STORAGE");
    expect((err as Error).message).toContain("http://127.0.0.1:1");
  }, 30_000);
});
