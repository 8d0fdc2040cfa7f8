import { NAMESPACE_PATTERN, ValidationError, type Issue, type ScoredId, type VectorPoint, type VectorQuery, type VectorStore } from "@hippograph/memory";
import type { QdrantApi } from "./api.js";
import { storageError, withRetry } from "./errors.js";
import { deleteRequest, queryRequest, upsertRequest } from "./requests.js";

export interface QdrantStoreOptions {
  collection: string;
  dimensions: number;
  /** Points per upsert request (default 256); each request waits until the points are searchable. */
  batchSize?: number;
  /** Where the server lives, for error messages. */
  where: string;
  retries?: number;
}

/** VectorStore on one Qdrant collection; namespaces and kinds are payload filters. */
export class QdrantVectorStore implements VectorStore {
  readonly dimensions: number;
  readonly collection: string;
  readonly batchSize: number;

  constructor(private readonly api: QdrantApi, private readonly options: QdrantStoreOptions) {
    this.dimensions = options.dimensions;
    this.collection = options.collection;
    this.batchSize = options.batchSize ?? 256;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${this.batchSize}`);
  }

  async upsert(points: readonly VectorPoint[]): Promise<void> {
    const issues: Issue[] = [];
    points.forEach((p, i) => {
      checkNs(p.ns, `points[${i}].ns`, issues);
      if (p.vector.length !== this.dimensions) issues.push({ path: `points[${i}].vector`, message: `expected ${this.dimensions} dimensions, got ${p.vector.length}` });
      else if (!p.vector.every(Number.isFinite)) issues.push({ path: `points[${i}].vector`, message: "vector values must be finite" });
    });
    if (issues.length > 0) throw new ValidationError(issues, "vector upsert rejected");
    // The same id twice: the last vector wins, and a batch must not carry one point id twice.
    const unique = [...new Map(points.map((p) => [`${p.ns}\u0000${p.id}`, p] as const)).values()];
    for (let i = 0; i < unique.length; i += this.batchSize) {
      const request = upsertRequest(unique.slice(i, i + this.batchSize));
      await this.call("upsert", () => this.api.upsert(this.collection, request));
    }
  }

  async search(q: VectorQuery): Promise<ScoredId[]> {
    const issues: Issue[] = [];
    checkNs(q.ns, "ns", issues);
    if (q.vector.length !== this.dimensions) issues.push({ path: "vector", message: `expected ${this.dimensions} dimensions, got ${q.vector.length}` });
    if (issues.length > 0) throw new ValidationError(issues, "vector search rejected");
    if (q.k <= 0 || (q.kinds !== undefined && q.kinds.length === 0)) return [];
    const request = queryRequest(q);
    const result = await this.call("search", () => this.api.query(this.collection, request));
    return result.points.map((p) => ({ id: String((p.payload as { id?: unknown } | null | undefined)?.id), score: p.score }));
  }

  async delete(r: { ns: string; ids: readonly string[] }): Promise<void> {
    const issues: Issue[] = [];
    checkNs(r.ns, "ns", issues);
    if (issues.length > 0) throw new ValidationError(issues, "vector delete rejected");
    for (let i = 0; i < r.ids.length; i += this.batchSize) {
      const request = deleteRequest(r.ns, r.ids.slice(i, i + this.batchSize));
      await this.call("delete", () => this.api.delete(this.collection, request));
    }
  }

  /** Deletes the whole collection (tests, resets). Never called implicitly. */
  async dropCollection(): Promise<void> {
    await this.call("drop collection", () => this.api.deleteCollection(this.collection));
  }

  async close(): Promise<void> {
    // The REST client holds no connection that needs closing.
  }

  private async call<T>(doing: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await withRetry(fn, { attempts: this.options.retries ?? 4, baseMs: 200 });
    } catch (error) {
      throw storageError(error, this.options.where, `${doing} on ${this.collection}`);
    }
  }
}

function checkNs(ns: unknown, path: string, issues: Issue[]): void {
  if (typeof ns !== "string" || !NAMESPACE_PATTERN.test(ns)) issues.push({ path, message: `invalid namespace ${JSON.stringify(ns)}` });
}
