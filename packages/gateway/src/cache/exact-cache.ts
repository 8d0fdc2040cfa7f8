/**
 * Exact response cache for deterministic requests (temperature 0 or a seed): the same namespace (API key),
 * endpoint and request body give the stored answer. Bounded (LRU by Map order) with a TTL per entry; expired
 * entries go when touched or when they reach the LRU end. The key is the raw body text: hashing it would cost
 * as much as the Map's own string hashing, and two spellings of one request merely miss.
 */
export interface CachedResponse {
  body: string;
  /** The parsed response (for stream replay and accounting), kept to avoid parsing again. */
  json: Record<string, unknown>;
}

interface Entry extends CachedResponse {
  expires: number;
}

export class ExactCache {
  private readonly map = new Map<string, Entry>();

  constructor(readonly maxEntries: number, private readonly defaultTtlMs: number, private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.map.size;
  }

  static key(namespace: string, endpoint: string, body: string): string {
    return `${namespace}\u0000${endpoint}\u0000${body}`;
  }

  get(key: string): CachedResponse | undefined {
    const e = this.map.get(key);
    if (e === undefined) return undefined;
    this.map.delete(key);
    if (e.expires <= this.now()) return undefined;
    this.map.set(key, e);
    return e;
  }

  set(key: string, value: CachedResponse, ttlMs = this.defaultTtlMs): void {
    if (this.maxEntries === 0) return;
    this.map.delete(key);
    this.map.set(key, { ...value, expires: this.now() + ttlMs });
    while (this.map.size > this.maxEntries) this.map.delete(this.map.keys().next().value!);
  }

  clear(): void {
    this.map.clear();
  }
}

/** Deterministic enough to cache: greedy decoding, or a fixed seed. */
export function isDeterministic(body: Record<string, unknown>): boolean {
  return body["temperature"] === 0 || typeof body["seed"] === "number";
}
