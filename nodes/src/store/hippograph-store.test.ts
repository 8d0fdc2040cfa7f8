import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createMemory } from "@hippograph/memory";
import { END, MessagesAnnotation, START, StateGraph, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { HippographStore } from "./hippograph-store.js";
import { memoryNamespace } from "./namespace-codec.js";

describe("HippographStore", () => {
  const dir = mkdtempSync(join(tmpdir(), "hippograph-store-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("maps namespaces injectively into the memory alphabet", () => {
    expect(memoryNamespace("lg", ["users", "ana b", "ünï"])).toBe("lg/users/ana@20b/@C3@BCn@C3@AF");
    expect(memoryNamespace("lg", ["a/b"])).not.toBe(memoryNamespace("lg", ["a", "b"]));
    expect(memoryNamespace("lg", ["x".repeat(200)])).toMatch(/^lg\.h\/[0-9a-f]{64}$/);
  });

  it("is the store of a compiled graph: nodes reach it through config.store, and a query ranks by relevance", async () => {
    const memory = await createMemory();
    const store = new HippographStore({ memory });
    const node = async (_: typeof MessagesAnnotation.State, config: LangGraphRunnableConfig) => {
      await config.store!.put(["users", "ana"], "cat", { text: "Ana's cat Pixel is grey" });
      await config.store!.put(["users", "ana"], "race", { text: "Ana runs the Lisbon half marathon" });
      return {};
    };
    await new StateGraph(MessagesAnnotation).addNode("n", node).addEdge(START, "n").addEdge("n", END).compile({ store }).invoke({ messages: [] });
    const [top] = await store.search(["users"], { query: "marathon in Lisbon", limit: 1 });
    expect(top!.key).toBe("race");
    expect(top!.score).toBeGreaterThan(0);
    // The items are memory nodes: hybrid search of the memory itself finds them too.
    const [hit] = await memory.search("grey cat", { ns: "lg/users/ana" });
    expect(hit!.id).toBe("cat");
    await memory.close();
  });

  it("answers a query from each namespace's hits, reading no namespace's items while the hits fill the page", async () => {
    const memory = await createMemory();
    const store = new HippographStore({ memory });
    const topics = ["cat", "marathon", "budget", "garden", "piano"];
    for (const user of ["ana", "bruno", "chen"]) {
      await store.batch(Array.from({ length: 40 }, (_, i) => ({ namespace: ["users", user], key: `m${i}`, value: { text: `${user} note ${i} about the ${topics[i % 5]}`, n: i % 2 } })));
    }
    const findNodes = vi.spyOn(memory.stores.graph, "findNodes");
    const hits = await store.search(["users"], { query: "marathon", filter: { n: 1 }, limit: 4 });
    // Only the namespace registry was read: items came from the searches.
    expect(findNodes.mock.calls.every(([q]) => q.ns === "lg")).toBe(true);
    expect(hits).toHaveLength(4);
    for (const h of hits) expect([h.value.text, h.value.n]).toEqual([expect.stringContaining("marathon"), 1]);
    // A page beyond the scored items is completed in insertion order from a scan, as before.
    findNodes.mockClear();
    const all = await store.search(["users", "ana"], { query: "marathon", limit: 100 });
    expect(findNodes.mock.calls.some(([q]) => q.ns === "lg/users/ana")).toBe(true);
    expect(all.map((i) => i.key).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `m${i}`).sort());
    expect(all[0]!.value.text).toContain("marathon");
    await memory.close();
  });

  it("ranks live items first however many deleted ones matched better, and pages consistently", async () => {
    const memory = await createMemory();
    const store = new HippographStore({ memory });
    await store.batch(Array.from({ length: 40 }, (_, i) => ({ namespace: ["n"], key: `b${i}`, value: { text: `budget line ${i}` } })));
    await store.batch(Array.from({ length: 25 }, (_, i) => ({ namespace: ["n"], key: `gone${i}`, value: { text: "marathon marathon marathon marathon" } })));
    await store.batch(Array.from({ length: 10 }, (_, i) => ({ namespace: ["n"], key: `m${i}`, value: { text: `I once ran a marathon, story ${i}` } })));
    await store.batch(Array.from({ length: 25 }, (_, i) => ({ namespace: ["n"], key: `gone${i}`, value: null })));
    const top = await store.search(["n"], { query: "marathon", limit: 10 });
    expect(top.map((i) => i.key).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`).sort());
    expect(top.every((i) => i.score !== undefined)).toBe(true);
    // Pages of 7 put together are the one page of 50: an item's score does not depend on the page asked for.
    const pages: string[] = [];
    for (let offset = 0; offset < 50; offset += 7) pages.push(...(await store.search(["n"], { query: "marathon budget", limit: 7, offset })).map((i) => i.key));
    expect(pages).toEqual((await store.search(["n"], { query: "marathon budget", limit: 50 })).map((i) => i.key).slice(0, pages.length));
    await memory.close();
  });

  it("survives a reopen of the database file, delete included; delete keeps history", async () => {
    const path = join(dir, "store.db");
    let memory = await createMemory({ path });
    let store = new HippographStore({ memory });
    await store.put(["a"], "k1", { v: 1 });
    await store.put(["a"], "k2", { v: 2 });
    await store.put(["a"], "k1", { v: 3 });
    await store.delete(["a"], "k2");
    await memory.close();
    memory = await createMemory({ path });
    store = new HippographStore({ memory });
    expect((await store.search(["a"])).map((i) => [i.key, i.value])).toEqual([["k1", { v: 3 }]]);
    expect(await store.get(["a"], "k2")).toBeNull();
    expect((await memory.history("k2", { ns: "lg/a" })).map((v) => v.op)).toEqual(["create", "invalidate"]);
    expect(await store.listNamespaces()).toEqual([["a"]]);
    await memory.close();
  });

  it("hides a retracted item from every read, and a later put of its key is stored and read again", async () => {
    let now = 1_000;
    const memory = await createMemory({ clock: () => now });
    const store = new HippographStore({ memory, clock: () => now });
    await store.put(["u"], "fact", { text: "the wire transfer goes to account 666" });
    await store.put(["u"], "other", { text: "the transfer limit is 500" });
    now += 10;
    await memory.retract("fact", { ns: "lg/u", reason: "poisoned: came from a forged email" });
    now += 10;
    expect(await store.get(["u"], "fact")).toBeNull();
    expect((await store.search(["u"])).map((i) => i.key)).toEqual(["other"]);
    expect((await store.search(["u"], { query: "wire transfer account" })).map((i) => i.key)).toEqual(["other"]);

    await store.put(["u"], "fact", { text: "the wire transfer goes to account 42" });
    expect((await store.get(["u"], "fact"))?.value).toEqual({ text: "the wire transfer goes to account 42" });
    expect((await store.search(["u"], { query: "wire transfer account" })).map((i) => [i.key, i.value.text])).toEqual([
      ["fact", "the wire transfer goes to account 42"], ["other", "the transfer limit is 500"]]);
    // The retracted node keeps its value and history, now also invalidated: were its retraction undone
    // (an eraseSource of the source that made it), the key would still have one live item. The key
    // lives on in a node of its own.
    expect((await memory.history("fact", { ns: "lg/u" })).map((v) => v.op)).toEqual(["create", "expire", "invalidate"]);
    expect((await memory.get("fact", { ns: "lg/u" }))?.attrs.value).toEqual({ text: "the wire transfer goes to account 666" });

    // Deleting and putting again reuses that node; a second retraction moves the key on once more.
    await store.delete(["u"], "fact");
    await store.put(["u"], "fact", { v: 3 });
    expect((await store.get(["u"], "fact"))?.value).toEqual({ v: 3 });
    const [second] = (await memory.search("account 42", { ns: "lg/u", includeInvalid: true })).filter((h) => h.id !== "fact" && h.id !== "other");
    now += 10;
    await memory.retract(second!.id, { ns: "lg/u" });
    now += 10;
    expect(await store.get(["u"], "fact")).toBeNull();
    await store.put(["u"], "fact", { v: 4 });
    expect((await store.get(["u"], "fact"))?.value).toEqual({ v: 4 });
    expect((await store.search(["u"])).map((i) => [i.key, i.value])).toEqual([["other", { text: "the transfer limit is 500" }], ["fact", { v: 4 }]]);
    expect(await store.listNamespaces()).toEqual([["u"]]);

    // Deleting a key whose every node is retracted changes nothing and makes no node.
    await store.put(["u"], "once", { v: 1 });
    await memory.retract("once", { ns: "lg/u" });
    await store.delete(["u"], "once");
    const generations = await memory.stores.graph.findNodes({ ns: "lg/u", attrs: { key: "once" }, limit: 10 });
    expect(generations.map((n) => [n.id, n.version])).toEqual([["once", 2]]);
    // A get and a put of a retracted key in one batch: the get sees the state before the batch.
    const [before] = await store.batch([{ namespace: ["u"], key: "once" }, { namespace: ["u"], key: "once", value: { v: 2 } }]);
    expect(before).toBeNull();
    expect((await store.get(["u"], "once"))?.value).toEqual({ v: 2 });
    await memory.close();
  });

  it("finds a retracted key's newest generation past one an eraseSource removed, and counts a retraction whatever the store's clock", async () => {
    let now = 1_000;
    const memory = await createMemory({ clock: () => now });
    const a = new HippographStore({ memory, clock: () => now, source: { id: "src-a", type: "agent" } });
    const b = new HippographStore({ memory, clock: () => now, source: { id: "src-b", type: "agent" } });
    await a.put(["u"], "k", { v: 0 });
    await memory.retract("k", { ns: "lg/u" });
    await b.put(["u"], "k", { v: 1 }); // generation 1, from source b
    const [gen1] = (await memory.stores.graph.findNodes({ ns: "lg/u", attrs: { key: "k" }, limit: 10 })).filter((n) => n.id !== "k");
    await memory.retract(gen1!.id, { ns: "lg/u" });
    await a.put(["u"], "k", { v: 2 }); // generation 2
    await memory.eraseSource("src-b", { ns: "lg/u" }); // generation 1 is gone
    expect((await a.get(["u"], "k"))?.value).toEqual({ v: 2 });
    await a.put(["u"], "k", { v: 3 });
    expect((await a.search(["u"])).map((i) => i.value)).toEqual([{ v: 3 }]);

    // The memory stamps a retraction with its clock, here ahead of the store's.
    now = 5_000;
    const behind = new HippographStore({ memory, clock: () => 1_000 });
    await behind.put(["w"], "k", { v: 0 });
    await memory.retract("k", { ns: "lg/w" });
    expect(await behind.get(["w"], "k")).toBeNull();
    await behind.put(["w"], "k", { v: 1 });
    expect((await behind.get(["w"], "k"))?.value).toEqual({ v: 1 });
    await memory.close();
  });

  it("rejects bad operations with a ValidationError naming the operation's path", async () => {
    const memory = await createMemory();
    const store = new HippographStore({ memory });
    await expect(store.batch([{ namespace: ["ok"], key: "k" }, { namespace: ["bad.label"], key: "k", value: {} }]))
      .rejects.toMatchObject({ code: "VALIDATION", issues: [expect.objectContaining({ path: "operations[1].namespace[0]" })] });
    expect(() => new HippographStore({ memory, root: "not/ok" })).toThrow(/root/);
    await memory.close();
  });

  it("checks every put's value before the batch writes anything: one too big or not JSON names operations[i].value", async () => {
    const memory = await createMemory({ limits: { maxAttrsBytes: 2_000 } });
    const store = new HippographStore({ memory });
    const huge = { text: "x".repeat(2_000) };
    await expect(store.batch([{ namespace: ["u"], key: "ok", value: { v: 1 } }, { namespace: ["u"], key: "big", value: huge }]))
      .rejects.toMatchObject({ code: "VALIDATION", issues: [expect.objectContaining({ path: "operations[1].value" })] });
    await expect(store.batch([{ namespace: ["u"], key: "ok", value: { v: 1 } }, { namespace: ["u"], key: "n", value: { n: 1n } }]))
      .rejects.toMatchObject({ code: "VALIDATION", issues: [expect.objectContaining({ path: "operations[1].value" })] });
    expect(await store.get(["u"], "ok")).toBeNull(); // the good put of each batch did not land
    expect(await store.listNamespaces()).toEqual([]);
    await store.put(["u"], "fits", { text: "x".repeat(1_500) }); // within the limit, item fields included
    expect((await store.get(["u"], "fits"))?.key).toBe("fits");
    await memory.close();
  });

  it("indexes LangGraph's path forms as LangGraph reads them, and forgets an item's old words when a put indexes none", async () => {
    const memory = await createMemory();
    const store = new HippographStore({ memory });
    await store.put(["u"], "x", { title: "apple pie", body: "crust", meta: { a: "butter" } }, ["{title,body}"]);
    await store.put(["u"], "y", { meta: { a: "banana", b: "bread" } }, ["meta.*"]);
    expect((await store.search(["u"], { query: "crust", limit: 1 }))[0]?.key).toBe("x");
    expect((await store.search(["u"], { query: "banana bread", limit: 1 }))[0]?.key).toBe("y");
    const words = async (query: string) => (await memory.stores.text.search({ ns: "lg/u", query, k: 5 })).map((h) => h.id);
    expect(await words("butter")).toEqual([]); // meta.a is not among x's paths

    await store.put(["u"], "x", { title: "apple pie" }, false);
    const hits = await store.search(["u"], { query: "crust apple", limit: 2 });
    expect(hits.find((i) => i.key === "x")?.score).toBeUndefined(); // listed after the scored ones, not scored on its old text
    expect(await words("crust")).toEqual([]);
    await memory.close();
  });

  it("registers a namespace again after an eraseSource removed its registration", async () => {
    const memory = await createMemory();
    const store = new HippographStore({ memory });
    await store.put(["c"], "k1", { v: 1 });
    await memory.eraseSource("langgraph-store", { ns: "lg" }); // the registry's node goes; the item stays
    await store.put(["c"], "k2", { v: 2 }); // same store object
    expect(await store.listNamespaces()).toEqual([["c"]]);
    expect((await store.search(["c"])).map((i) => i.key)).toEqual(["k1", "k2"]);
    await memory.close();
  });
});
