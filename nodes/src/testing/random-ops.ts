/** A seeded random sequence of BaseStore calls, for differential tests against LangGraph's InMemoryStore. */
export type StoreCall =
  | { op: "put"; namespace: string[]; key: string; value: Record<string, unknown>; index?: false | string[] }
  | { op: "get"; namespace: string[]; key: string }
  | { op: "delete"; namespace: string[]; key: string }
  | { op: "search"; prefix: string[]; filter?: Record<string, unknown>; limit: number; offset: number; query?: string }
  | { op: "list"; prefix?: string[]; suffix?: string[]; maxDepth?: number; limit: number; offset: number };

/** mulberry32: tiny, fast, good enough to make a failing sequence reproducible from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMESPACES = [["users"], ["users", "ana"], ["users", "bruno"], ["users", "ana", "prefs"], ["docs"], ["docs", "v1"], ["x", "y z", "ünï"], ["a-b", "c_d"]];
const KEYS = ["k1", "k2", "k3", "pixel", "lisbon", "a key with spaces", "ключ", "x".repeat(140)];
const WORDS = ["cat", "pixel", "grey", "marathon", "lisbon", "coffee", "report", "budget", "python", "guide"];
const TAGS = ["red", "green", "blue"];

export function randomCalls(seed: number, count: number): StoreCall[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const text = () => Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick(WORDS)).join(" ");
  const calls: StoreCall[] = [];
  for (let i = 0; i < count; i++) {
    const x = r();
    const namespace = pick(NAMESPACES);
    const key = pick(KEYS);
    if (x < 0.38) {
      const value = { text: text(), n: Math.floor(r() * 10), tag: pick(TAGS), nested: { deep: text() } };
      const index = r() < 0.1 ? false : r() < 0.2 ? ["nested.deep"] : undefined;
      calls.push({ op: "put", namespace, key, value, ...(index === undefined ? {} : { index }) });
    } else if (x < 0.55) calls.push({ op: "get", namespace, key });
    else if (x < 0.67) calls.push({ op: "delete", namespace, key });
    else if (x < 0.87) {
      const prefix = r() < 0.2 ? [] : namespace.slice(0, 1 + Math.floor(r() * namespace.length));
      const filter = r() < 0.3 ? { tag: pick(TAGS) } : r() < 0.2 ? { n: { [pick(["$gt", "$lte", "$ne"])]: Math.floor(r() * 10) } } : r() < 0.1 ? { tag: { $in: [pick(TAGS), pick(TAGS)] } } : undefined;
      calls.push({ op: "search", prefix, limit: 1 + Math.floor(r() * 12), offset: Math.floor(r() * 4), ...(filter ? { filter } : {}) });
    } else {
      const prefix = r() < 0.4 ? namespace.slice(0, 1 + Math.floor(r() * namespace.length)) : undefined;
      const suffix = r() < 0.2 ? [pick(["ana", "*", "v1", "prefs", "ünï"])] : undefined;
      const maxDepth = r() < 0.4 ? 1 + Math.floor(r() * 3) : undefined;
      calls.push({ op: "list", limit: 1 + Math.floor(r() * 10), offset: Math.floor(r() * 3), ...(prefix ? { prefix } : {}), ...(suffix ? { suffix } : {}), ...(maxDepth ? { maxDepth } : {}) });
    }
  }
  return calls;
}
