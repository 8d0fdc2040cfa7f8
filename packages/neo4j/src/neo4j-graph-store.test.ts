import { describe, expect, it } from "vitest";
import { HippographError, type NodeWrite, type EdgeWrite } from "@hippograph/memory";
import { fakeConnection } from "./fake-connection.test-support.js";
import { Neo4jGraphStore } from "./neo4j-graph-store.js";

const change = { actor: "t", reason: "test", at: 1 };
const source = { id: "src", type: "user" as const, trust: 0.9 };
const node = (id: string, over: Partial<NodeWrite> = {}): NodeWrite => ({
  id, ns: "ns1", kind: "note", text: "t", attrs: {}, source, change, time: { at: null, validFrom: null, validTo: null }, ...over,
});
const edge = (id: string, from: string, to: string, over: Partial<EdgeWrite> = {}): EdgeWrite => ({
  id, ns: "ns1", kind: "link", from, to, weight: 1, attrs: {}, source, time: { validFrom: null, validTo: null }, ...over,
});

describe("Neo4jGraphStore write batching", () => {
  it("a 10,000-node write is ceil(10000 / batchSize) UNWIND statements per step, in ONE transaction", async () => {
    const fake = fakeConnection();
    const store = new Neo4jGraphStore(fake.connection, { batchSize: 1_000 });
    await store.write({ nodes: Array.from({ length: 10_000 }, (_, i) => node(`n${i}`)) });
    expect(fake.transactions).toBe(1);
    expect(fake.sent.filter((s) => s.text.includes("SET n.hg_lock"))).toHaveLength(10);
    expect(fake.sent.filter((s) => s.text.includes("MERGE (n:HgNode"))).toHaveLength(10);
    expect(fake.sent.filter((s) => s.text.includes("CREATE (v:HgVersion)"))).toHaveLength(10);
    expect(fake.sent).toHaveLength(30);
    for (const s of fake.sent) expect((s.params.rows ?? s.params.keys) as unknown[]).toHaveLength(1_000);
  });

  it("batch size is configurable, and groups are per kind (labels cannot be parameters)", async () => {
    const fake = fakeConnection();
    const store = new Neo4jGraphStore(fake.connection, { batchSize: 300 });
    const nodes = [...Array.from({ length: 1_000 }, (_, i) => node(`n${i}`)), ...Array.from({ length: 500 }, (_, i) => node(`e${i}`, { kind: "entity" }))];
    await store.write({ nodes });
    const upserts = fake.sent.filter((s) => s.text.includes("MERGE (n:HgNode"));
    expect(upserts.filter((s) => s.text.endsWith("SET n:Note"))).toHaveLength(4); // ceil(1000/300)
    expect(upserts.filter((s) => s.text.endsWith("SET n:Entity"))).toHaveLength(2); // ceil(500/300)
    expect(fake.sent.filter((s) => s.text.includes("CREATE (v:HgVersion)"))).toHaveLength(5); // ceil(1500/300)
  });

  it("edges: endpoint check, detach of the old relationship, then CREATE per kind and batch", async () => {
    const fake = fakeConnection();
    const store = new Neo4jGraphStore(fake.connection, { batchSize: 2 });
    await store.write({ edges: [edge("e1", "a", "b"), edge("e2", "a", "b"), edge("e3", "a", "b", { kind: "mentions" })] });
    const creates = fake.sent.filter((s) => s.text.includes("CREATE (a)-["));
    expect(creates.map((s) => s.text.match(/\[e:(\w+)\]/)?.[1])).toEqual(["LINK", "MENTIONS"]);
    expect(fake.sent.filter((s) => s.text.includes("OPTIONAL MATCH (a:HgNode"))).toHaveLength(2);
  });

  it("a missing endpoint fails the whole batch with VALIDATION naming the edge", async () => {
    const fake = fakeConnection((s) => (s.text.includes("fromMissing") ? [{ i: 1, fromMissing: false, toMissing: true }] : []));
    const store = new Neo4jGraphStore(fake.connection);
    const err = await store.write({ edges: [edge("e1", "a", "b"), edge("e2", "a", "zz")] }).catch((e: unknown) => e);
    expect(HippographError.isInstance(err) && err.code).toBe("VALIDATION");
    expect((err as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(["edges[1].to"]);
    expect(fake.sent.some((s) => s.text.includes("CREATE (a)-["))).toBe(false);
  });

  it("expectedVersion mismatches are CONFLICT, raised inside the transaction before any upsert", async () => {
    const fake = fakeConnection((s) => (s.text.includes("hg_lock") ? [{ ns: "ns1", id: "a", version: 3, recordedAt: 1, expiredAt: null }] : []));
    const store = new Neo4jGraphStore(fake.connection);
    const err = await store.write({ nodes: [node("a", { expectedVersion: 2 })] }).catch((e: unknown) => e);
    expect(HippographError.isInstance(err) && err.code).toBe("CONFLICT");
    expect(fake.sent.some((s) => s.text.includes("MERGE"))).toBe(false);
  });

  it("the same id twice in a batch becomes two versions and one upsert of the final state", async () => {
    const fake = fakeConnection();
    const store = new Neo4jGraphStore(fake.connection);
    await store.write({ nodes: [node("a", { text: "v1" }), node("a", { text: "v2", kind: "entity" })] });
    const upserts = fake.sent.filter((s) => s.text.includes("MERGE (n:HgNode"));
    expect(upserts).toHaveLength(1);
    expect(upserts[0]!.params.rows).toMatchObject([{ id: "a", text: "v2", kind: "entity", version: 2 }]);
    const versions = fake.sent.find((s) => s.text.includes("HgVersion"))!.params.rows as { version: number; op: string }[];
    expect(versions.map((v) => [v.version, v.op])).toEqual([[1, "create"], [2, "update"]]);
  });
});

describe("Neo4jGraphStore bad input", () => {
  it("rejects an unknown node or edge kind before any query is sent", async () => {
    const fake = fakeConnection();
    const store = new Neo4jGraphStore(fake.connection);
    for (const batch of [{ nodes: [node("a", { kind: "Note` DETACH DELETE n //" })] }, { edges: [edge("e", "a", "b", { kind: "LINK]->() DELETE x //" })] }]) {
      const err = await store.write(batch).catch((e: unknown) => e);
      expect(HippographError.isInstance(err) && err.code).toBe("VALIDATION");
    }
    expect(fake.sent).toEqual([]);
    expect(fake.transactions).toBe(0);
  });

  it("rejects a bad namespace before any query is sent, on reads too", async () => {
    const fake = fakeConnection();
    const store = new Neo4jGraphStore(fake.connection);
    const err = await store.findNodes({ ns: "x' OR 1=1 //", limit: 3 }).catch((e: unknown) => e);
    expect(HippographError.isInstance(err) && err.code).toBe("VALIDATION");
    expect(fake.sent).toEqual([]);
  });

  it("edge-kind filters outside the allow-list match nothing and send nothing", async () => {
    const fake = fakeConnection();
    const store = new Neo4jGraphStore(fake.connection);
    expect(await store.neighbors({ ns: "ns1", ids: ["a"], direction: "out", edgeKinds: ["LINK|X"] })).toEqual([]);
    expect(fake.sent).toEqual([]);
  });

  it("values with Cypher syntax travel only as parameters, never in statement text", async () => {
    const evil = "x'}) DETACH DELETE n WITH 1 AS x MATCH (m) DETACH DELETE m //`$ns";
    const fake = fakeConnection();
    const store = new Neo4jGraphStore(fake.connection);
    await store.write({
      nodes: [node(evil, { text: evil, attrs: { [evil]: evil }, source: { ...source, id: evil }, change: { ...change, reason: evil } })],
      edges: [edge(evil, evil, evil, { attrs: { k: evil } })],
    });
    await store.findNodes({ ns: "ns1", sourceId: evil, attrs: { k: evil }, after: evil, limit: 5 });
    await store.neighbors({ ns: "ns1", ids: [evil], direction: "both" });
    await store.eraseBySource({ ns: "ns1", sourceId: evil, change });
    expect(fake.sent.length).toBeGreaterThan(5);
    for (const s of fake.sent) expect(s.text).not.toContain("DETACH DELETE m");
    expect(fake.sent.some((s) => JSON.stringify(s.params).includes("DETACH DELETE m"))).toBe(true);
  });
});
