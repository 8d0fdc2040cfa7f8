/**
 * Exact response cache for deterministic requests (temperature 0 or a seed): the same namespace (API key),
 * endpoint and request body give the stored answer. Bounded (LRU by Map order) in entries and in bytes, with a
 * TTL per entry; expired entries go when touched or when they reach the LRU end, and keep their bytes until
 * then. The byte bound matters because one entry holds a whole prompt (up to `server.maxBodyBytes`) and its
 * answer: ten thousand long prompts would otherwise hold gigabytes. The key is the raw body text: hashing it
 * would cost as much as the Map's own string hashing, and two spellings of one request merely miss.
 */
export interface CachedResponse {
  body: string;
  /** The parsed response (for stream replay and accounting), kept to avoid parsing again. */
  json: Record<string, unknown>;
}

interface Entry extends CachedResponse {
  expires: number;
  bytes: number;
}

/**
 * What an entry holds, estimated: its key (the request), its body, and the parsed answer, taken to be as large
 * as the body. V8 stores a string a byte a character while every character is Latin-1, and two bytes a
 * character once one is not (CJK text, emoji: JSON bodies carry them unescaped).
 */
export function entryBytes(key: string, body: string): number {
  return stringBytes(key) + 2 * stringBytes(body);
}

const WIDE = /[^\u0000-\u00ff]/;

function stringBytes(s: string): number {
  return WIDE.test(s) ? 2 * s.length : s.length;
}

export class ExactCache {
  private readonly map = new Map<string, Entry>();
  private held = 0;

  constructor(
    readonly maxEntries: number, private readonly defaultTtlMs: number, private readonly now: () => number = Date.now,
    readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {}

  get size(): number {
    return this.map.size;
  }

  /** Estimated bytes held (`entryBytes` of every entry). */
  get bytes(): number {
    return this.held;
  }

  static key(namespace: string, endpoint: string, body: string): string {
    return `${namespace}\u0000${endpoint}\u0000${body}`;
  }

  get(key: string): CachedResponse | undefined {
    const e = this.map.get(key);
    if (e === undefined) return undefined;
    this.map.delete(key);
    if (e.expires <= this.now()) {
      this.held -= e.bytes;
      return undefined;
    }
    this.map.set(key, e);
    return e;
  }

  /** Stores an answer, evicting the least recently used past either bound; one larger than `maxBytes` alone is not kept. */
  set(key: string, value: CachedResponse, ttlMs = this.defaultTtlMs): void {
    const bytes = entryBytes(key, value.body);
    this.remove(key); // a newer answer replaces the old one, also when it is itself too large to keep
    if (this.maxEntries === 0 || bytes > this.maxBytes) return;
    this.map.set(key, { ...value, expires: this.now() + ttlMs, bytes });
    this.held += bytes;
    while (this.map.size > this.maxEntries || this.held > this.maxBytes) this.remove(this.map.keys().next().value!);
  }

  clear(): void {
    this.map.clear();
    this.held = 0;
  }

  private remove(key: string): void {
    const e = this.map.get(key);
    if (e === undefined) return;
    this.map.delete(key);
    this.held -= e.bytes;
  }
}

/** Deterministic enough to cache: greedy decoding, or a fixed seed. */
export function isDeterministic(body: Record<string, unknown>): boolean {
  return body["temperature"] === 0 || typeof body["seed"] === "number";
}
