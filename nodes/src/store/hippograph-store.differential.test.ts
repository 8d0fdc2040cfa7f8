import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createMemory, type Memory } from "@hippograph/memory";
import { BaseStore, InMemoryStore, type Item, type Operation } from "@langchain/langgraph";
import { HippographStore } from "./hippograph-store.js";
import { randomCalls, type StoreCall } from "../testing/random-ops.js";

/** Runs one call; results are normalised to plain data (Dates as ms) so the two stores compare with toEqual. */
async function apply(store: BaseStore, call: StoreCall): Promise<unknown> {
  const item = (i: Item & { score?: number }) => ({ namespace: i.namespace, key: i.key, value: i.value, createdAt: i.createdAt.getTime(), updatedAt: i.updatedAt.getTime() });
  switch (call.op) {
    case "put": return store.put(call.namespace, call.key, call.value, call.index);
    case "delete": return store.delete(call.namespace, call.key);
    case "get": { const i = await store.get(call.namespace, call.key); return i && item(i); }
    case "search": return (await store.search(call.prefix, { filter: call.filter, limit: call.limit, offset: call.offset, query: call.query })).map(item);
    case "list": return store.listNamespaces({ prefix: call.prefix, suffix: call.suffix, maxDepth: call.maxDepth, limit: call.limit, offset: call.offset });
  }
}

describe("HippographStore vs LangGraph InMemoryStore (differential)", () => {
  let memory: Memory;
  beforeAll(async () => {
    memory = await createMemory();
  });
  afterAll(async () => memory.close());
  afterEach(() => vi.useRealTimers());

  it("gives identical results for 1,000 random put/get/search/delete/listNamespaces calls", async () => {
    // Both stores stamp createdAt/updatedAt from Date: a fake clock ticking 1 ms per call makes them comparable.
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.parse("2026-01-01T00:00:00Z");
    const reference = new InMemoryStore();
    const store = new HippographStore({ memory });
    const calls = randomCalls(42, 1000);
    const counts: Record<string, number> = {};
    for (const [i, call] of calls.entries()) {
      vi.setSystemTime(start + i);
      counts[call.op] = (counts[call.op] ?? 0) + 1;
      const [want, got] = [await apply(reference, call), await apply(store, call)];
      expect(got, `call ${i}: ${JSON.stringify(call).slice(0, 200)}`).toEqual(want);
      if (Array.isArray(want) && want.length >= 2) counts[`${call.op}-many`] = (counts[`${call.op}-many`] ?? 0) + 1;
      if (call.op === "get" && want !== null) counts["get-hit"] = (counts["get-hit"] ?? 0) + 1;
    }
    // Non-trivial answers: ordering and pagination are really compared, gets really find items.
    expect(counts["search-many"]).toBeGreaterThan(30);
    expect(counts["list-many"]).toBeGreaterThan(20);
    expect(counts["get-hit"]).toBeGreaterThan(30);
    // The sequence really exercises every operation (and is not dominated by one).
    for (const op of ["put", "get", "delete", "search", "list"]) expect(counts[op]).toBeGreaterThan(50);
  });

  it("gives identical results for 200 random multi-operation batches (reads see the state before the batch's writes)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.parse("2026-03-01T00:00:00Z");
    const reference = new InMemoryStore();
    const store = new HippographStore({ memory, root: "b" });
    const calls = randomCalls(99, 800);
    for (let b = 0, i = 0; b < 200; b++) {
      vi.setSystemTime(start + b);
      const batch: Operation[] = calls.slice(i, i + 1 + (b % 5)).map(toOperation);
      i += batch.length;
      // InMemoryStore hands out its live item objects, which a later put of the same batch mutates; for items
      // written in the batch, compare identity and createdAt (what the read saw), not the mutated value.
      const written = new Set(batch.flatMap((op) => ("value" in op ? [JSON.stringify([op.namespace, op.key])] : [])));
      const item = (x: Item | null) => {
        if (!x) return x;
        const base = { namespace: x.namespace, key: x.key, createdAt: x.createdAt.getTime() };
        return written.has(JSON.stringify([x.namespace, x.key])) ? base : { ...base, value: x.value, updatedAt: x.updatedAt.getTime() };
      };
      const normal = (results: unknown[]) => results.map((r) => (Array.isArray(r) ? r.map((x) => (Array.isArray(x) ? x : item(x as Item))) : item(r as Item | null)));
      const want = normal((await reference.batch(batch)) as unknown[]);
      expect(normal((await store.batch(batch)) as unknown[]), `batch ${b}`).toEqual(want);
    }
  });

  it("search with a query returns the same members (ranked, not filtered), on every prefix", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.parse("2026-02-01T00:00:00Z"));
    const reference = new InMemoryStore();
    const store = new HippographStore({ memory, root: "q" });
    const calls = randomCalls(7, 400).filter((c) => c.op === "put" || c.op === "delete");
    for (const [i, call] of calls.entries()) {
      vi.setSystemTime(Date.parse("2026-02-01T00:00:00Z") + i);
      await apply(reference, call);
      await apply(store, call);
    }
    const key = (i: Item) => JSON.stringify([i.namespace, i.key]);
    for (const prefix of [[], ["users"], ["users", "ana"], ["docs"], ["x", "y z"]]) {
      for (const query of ["grey cat pixel", "lisbon marathon", "budget report"]) {
        for (const filter of [undefined, { tag: "red" }]) {
          const all = (await reference.search(prefix, { filter, limit: 1000 })).map(key);
          const got = (await store.search(prefix, { query, filter, limit: 5 })).map(key);
          expect(got.length).toBe(Math.min(5, all.length));
          expect(new Set(got).size).toBe(got.length);
          for (const k of got) expect(all).toContain(k);
          const everything = (await store.search(prefix, { query, filter, limit: 1000 })).map(key);
          expect(new Set(everything)).toEqual(new Set(all));
        }
      }
    }
  });
});

function toOperation(call: StoreCall): Operation {
  switch (call.op) {
    case "put": return { namespace: call.namespace, key: call.key, value: call.value, ...(call.index === undefined ? {} : { index: call.index }) };
    case "delete": return { namespace: call.namespace, key: call.key, value: null };
    case "get": return { namespace: call.namespace, key: call.key };
    case "search": return { namespacePrefix: call.prefix, filter: call.filter, limit: call.limit, offset: call.offset };
    case "list": {
      const matchConditions = [...(call.prefix ? [{ matchType: "prefix" as const, path: call.prefix }] : []), ...(call.suffix ? [{ matchType: "suffix" as const, path: call.suffix }] : [])];
      return { matchConditions: matchConditions.length ? matchConditions : undefined, maxDepth: call.maxDepth, limit: call.limit, offset: call.offset };
    }
  }
}
