import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { HippographError } from "@hippograph/memory";
import { neo4jGraph, neo4jText, spreadReference, type Neo4jGraphStore, type SpreadEdge } from "@hippograph/neo4j";
import { qdrantVectors, type QdrantVectorStore } from "@hippograph/qdrant";
import { runConformance, type ConformanceBackend } from "./kit.js";

/**
 * The same conformance kit as the embedded store, against Neo4j (graph + text) and Qdrant
 * (vectors). Runs only when NEO4J_URI and QDRANT_URL are set (`docker compose up -d`, then
 * `npm run test:integration`); otherwise it is skipped with the reason printed.
 *
 * Each case gets an empty store: the Hippograph records in the Neo4j database are dropped
 * (use a database you can wipe) and every case gets its own Qdrant collection, dropped after it.
 */
const env = {
  uri: process.env.NEO4J_URI,
  user: process.env.NEO4J_USER ?? "neo4j",
  password: process.env.NEO4J_PASSWORD ?? "",
  database: process.env.NEO4J_DATABASE,
  qdrant: process.env.QDRANT_URL,
  apiKey: process.env.QDRANT_API_KEY,
};

interface Handle extends ConformanceBackend {
  graph: Neo4jGraphStore;
  vectors: QdrantVectorStore;
}

const info = new WeakMap<ConformanceBackend, { collection: string; dimensions: number }>();

async function open(collection: string, dimensions: number, primary: boolean): Promise<Handle> {
  const graph = await neo4jGraph({ uri: env.uri!, user: env.user, password: env.password, ...(env.database ? { database: env.database } : {}) });
  const vectors = await qdrantVectors({ url: env.qdrant!, ...(env.apiKey ? { apiKey: env.apiKey } : {}), collection, dimensions });
  let closed = false;
  const handle: Handle = {
    graph,
    vectors,
    text: neo4jText(graph),
    async close() {
      if (closed) return;
      closed = true;
      // The primary handle owns the per-case collection; attached handles only disconnect.
      if (primary) await vectors.dropCollection().catch(() => undefined);
      await graph.close();
    },
  };
  info.set(handle, { collection, dimensions });
  return handle;
}

if (!env.uri || !env.qdrant) {
  const reason = `NEO4J_URI and QDRANT_URL are not set (docker compose up -d, then npm run test:integration)`;
  console.info(`[conformance:neo4j+qdrant] skipped: ${reason}`);
  describe.skip(`conformance: neo4j+qdrant — skipped: ${reason}`, () => {
    it("needs servers", () => undefined);
  });
} else {
  runConformance({
    name: "neo4j+qdrant",
    create: async ({ dimensions }) => {
      const collection = `conf_${randomUUID().slice(0, 8)}`;
      const handle = await open(collection, dimensions, true);
      await handle.graph.dropEverything();
      return handle;
    },
    reopen: async (backend) => {
      const { collection, dimensions } = info.get(backend)!;
      // Disconnect without dropping anything, then connect again to the same storage.
      await (backend as Handle).graph.close();
      return open(collection, dimensions, true);
    },
    attach: async (backend) => {
      const { collection, dimensions } = info.get(backend)!;
      return open(collection, dimensions, false);
    },
  });

  describe("neo4j server-side checks", () => {
    it("wrong credentials fail at start with STORAGE naming the host", async () => {
      const err = await neo4jGraph({ uri: env.uri!, user: env.user, password: `${env.password}-wrong`, connectAttempts: 1 }).catch((e: unknown) => e);
      expect(HippographError.isInstance(err) && err.code).toBe("STORAGE");
      expect((err as Error).message).toContain(new URL(env.uri!).host);
    });

    it("the spreading-activation pushdown equals the TypeScript reference", async () => {
      const graph = await neo4jGraph({ uri: env.uri!, user: env.user, password: env.password });
      try {
        const ns = `spread-${randomUUID().slice(0, 8)}`;
        const source = { id: "s", type: "user" as const, trust: 1 };
        const ids = ["a", "b", "c", "d", "e", "f"];
        const edges: SpreadEdge[] = [
          ["a", "b", 0.5], ["a", "c", 1], ["b", "d", 0.8], ["c", "d", 0.5], ["d", "e", 1], ["e", "a", 0.3], ["f", "a", 0.9], ["c", "f", 0.2],
        ].map(([from, to, weight], i) => ({ id: `e${i}`, kind: i % 3 === 0 ? "mentions" : "link", from: String(from), to: String(to), weight: Number(weight) }));
        await graph.write({
          nodes: ids.map((id) => ({ id, ns, kind: "note", text: id, attrs: {}, source, time: { at: null, validFrom: null, validTo: null }, change: { actor: "t", reason: "t", at: 1 } })),
          edges: edges.map((e) => ({ ...e, ns, attrs: {}, source, time: { validFrom: null, validTo: null } })),
        });
        for (const direction of ["out", "in", "both"] as const) {
          for (const maxHops of [1, 2, 3]) {
            const o = { seeds: [{ id: "a", activation: 1 }, { id: "d", activation: 0.5 }], maxHops, decay: 0.7, threshold: 0.01, direction };
            const server = await graph.spread({ ns, ...o });
            const local = spreadReference(edges, o);
            expect(server.map((r) => r.id)).toEqual(local.map((r) => r.id));
            server.forEach((r, i) => expect(r.activation).toBeCloseTo(local[i]!.activation, 9));
          }
        }
      } finally {
        await graph.close();
      }
    });
  });
}
