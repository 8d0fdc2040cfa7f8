import type { QdrantApi } from "./api.js";

type Point = { id: string; vector: number[]; payload: Record<string, unknown> };
type Cond = { key?: string; match?: { value?: unknown; any?: unknown[] }; has_id?: (string | number)[] };

/**
 * An in-memory stand-in for the few QdrantClient methods the store calls, typed by the real
 * client's signatures (`QdrantApi`), so the store's requests are checked against the client's
 * types at compile time. It evaluates the filter subset we emit (must: match value / any, has_id).
 */
export function fakeQdrant(options: { existing?: { name: string; size: number; distance?: string } } = {}) {
  const collections = new Map<string, { size: number; distance: string; points: Map<string, Point> }>();
  if (options.existing) collections.set(options.existing.name, { size: options.existing.size, distance: options.existing.distance ?? "Cosine", points: new Map() });
  const calls: { method: string; args: unknown }[] = [];
  const col = (name: string) => {
    const c = collections.get(name);
    if (!c) throw Object.assign(new Error(`Not found: Collection ${name}`), { status: 404 });
    return c;
  };
  const matches = (p: Point, filter: { must?: unknown } | undefined) =>
    ((filter?.must ?? []) as Cond[]).every((c) => {
      if (c.has_id) return c.has_id.includes(p.id);
      const v = p.payload[c.key ?? ""];
      if (c.match?.any) return c.match.any.includes(v);
      return c.match?.value === v;
    });
  const api: QdrantApi = {
    async collectionExists(name) {
      calls.push({ method: "collectionExists", args: name });
      return { exists: collections.has(name) };
    },
    async getCollection(name) {
      calls.push({ method: "getCollection", args: name });
      const c = col(name);
      return { config: { params: { vectors: { size: c.size, distance: c.distance } } } } as unknown as Awaited<ReturnType<QdrantApi["getCollection"]>>;
    },
    async createCollection(name, args) {
      calls.push({ method: "createCollection", args });
      const vectors = args.vectors as { size: number; distance: string };
      collections.set(name, { size: vectors.size, distance: vectors.distance, points: new Map() });
      return true;
    },
    async createPayloadIndex(name, args) {
      calls.push({ method: "createPayloadIndex", args });
      col(name);
      return { operation_id: 1, status: "completed" };
    },
    async deleteCollection(name) {
      calls.push({ method: "deleteCollection", args: name });
      return collections.delete(name);
    },
    async upsert(name, args) {
      calls.push({ method: "upsert", args });
      const c = col(name);
      for (const p of (args as { points: Point[] }).points) {
        if (p.vector.length !== c.size) throw Object.assign(new Error("Wrong input: Vector dimension error"), { status: 400 });
        c.points.set(String(p.id), { ...p, id: String(p.id) });
      }
      return { operation_id: 1, status: "completed" };
    },
    async query(name, args) {
      calls.push({ method: "query", args });
      const c = col(name);
      const q = args.query as number[];
      const norm = (v: number[]) => Math.sqrt(v.reduce((a, x) => a + x * x, 0)) || 1;
      const points = [...c.points.values()]
        .filter((p) => matches(p, args.filter as { must?: unknown }))
        .map((p) => ({ id: p.id, version: 1, score: p.vector.reduce((a, x, i) => a + x * q[i]!, 0) / (norm(p.vector) * norm(q)), payload: { id: p.payload.id } }))
        .sort((a, b) => b.score - a.score)
        .slice(0, args.limit ?? 10);
      return { points };
    },
    async delete(name, args) {
      calls.push({ method: "delete", args });
      const c = col(name);
      for (const p of [...c.points.values()]) if (matches(p, (args as { filter?: { must?: unknown } }).filter)) c.points.delete(p.id);
      return { operation_id: 1, status: "completed" };
    },
  };
  return { api, calls, collections };
}
