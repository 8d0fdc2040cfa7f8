import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConflictError, IncompatibleDatabaseError, NotFoundError, ValidationError } from "../errors.js";
import { hashEmbedder } from "../embed/hash-embedder.js";
import { ruleBasedExtractor } from "../extract/rule-based-extractor.js";
import { createMemory } from "./create-memory.js";
import type { Memory } from "./memory.js";

const open: Memory[] = [];
async function memory(options: Parameters<typeof createMemory>[0] = {}): Promise<Memory> {
  const m = await createMemory(options);
  open.push(m);
  return m;
}
afterEach(async () => {
  for (const m of open.splice(0)) await m.close();
});

describe("Memory facade", () => {
  it("works offline with no arguments and finds what it stored, saying which channel found it", async () => {
    const m = await memory();
    await m.addEpisodes([
      { text: "Ana adopted a grey cat named Pixel from the shelter", speaker: "Ana", thread: "t" },
      { text: "Bruno is training for the Lisbon half marathon", speaker: "Bruno", thread: "t" },
    ]);
    const hits = await m.search("Which cat did Ana adopt?", { k: 2 });
    expect(hits[0]?.node.text).toContain("Pixel");
    expect(hits[0]?.channels.bm25?.rank).toBe(1);
    expect(hits[0]?.channels.vector?.rank).toBe(1);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]?.score ?? 0);
  });

  it("orders concurrent writes: calls not awaited one by one still chain a thread and update a node version by version", async () => {
    const m = await memory();
    const turns = Array.from({ length: 12 }, (_, i) => ({ id: `t${i}`, text: `turn ${i}`, thread: "x", at: 1000 + i }));
    await Promise.all(turns.map((t) => m.addEpisodes([t])));
    const rows = await m.stores.graph.neighbors({ ns: "default", ids: turns.map((t) => t.id), direction: "out", edgeKinds: ["next"] });
    expect(rows.map((r) => [r.node, r.neighbor]).sort()).toEqual(turns.slice(1).map((t, i) => [`t${i}`, t.id]).sort());
    // Each update reads the version it replaces: interleaved, the second would have conflicted with the first.
    const [first, second] = await Promise.all([m.update("t0", { text: "turn zero" }), m.update("t0", { attrs: { mood: "calm" } })]);
    expect([first.version, second.version]).toEqual([2, 3]);
    expect(second).toMatchObject({ text: "turn zero", attrs: { mood: "calm" } });
    // A failed write does not stop the ones queued behind it.
    const [failed, after] = await Promise.allSettled([m.update("missing", { text: "?" }), m.addEpisodes([{ id: "t12", text: "turn 12", thread: "x", at: 2000 }])]);
    expect(failed.status).toBe("rejected");
    expect(after.status).toBe("fulfilled");
  });

  it("orders writes per namespace: one waiting on its extraction model holds up no other namespace, and a bad namespace is refused at once", async () => {
    const rules = ruleBasedExtractor();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const extractor = { id: "gated", extract: async (items: Parameters<typeof rules.extract>[0]) => (await gate, rules.extract(items)) };
    const m = await memory({ extractor });
    const slow = m.ingest([{ id: "a1", text: "Okafor counted the turtle nests." }], { ns: "tenant-a" });
    const queuedBehind = m.addEpisodes([{ id: "a2", text: "after the slow one" }], { ns: "tenant-a" });
    await expect(m.addEpisodes([{ id: "b1", text: "another tenant's turn" }], { ns: "tenant-b" })).resolves.toHaveLength(1);
    await expect(m.addEpisodes([{ text: "x" }], { ns: "bad namespace!" })).rejects.toThrow(ValidationError);
    expect(await m.get("a2", { ns: "tenant-a" })).toBeUndefined(); // still behind the slow one in its namespace
    release();
    await Promise.all([slow, queuedBehind]);
    expect(await m.get("a2", { ns: "tenant-a" })).toBeDefined();
  });

  it("queues the task tree's and the hypergraph's writes with the others: concurrent dependencies cannot close a cycle", async () => {
    const m = await memory();
    const tasks = m.tasks();
    await Promise.all([tasks.add({ id: "A", goal: "do A" }), tasks.add({ id: "B", goal: "do B" })]);
    const settled = await Promise.allSettled([tasks.addDependencies("A", ["B"]), tasks.addDependencies("B", ["A"])]);
    expect(settled.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
    expect((await m.stores.graph.findEdges({ ns: "default", kinds: ["depends_on"], limit: 10 })).map((e) => `${e.from}->${e.to}`)).toEqual(["A->B"]);
    expect((await tasks.get("A")).id).toBe("A"); // reads pass straight through
  });

  it("refuses two episodes or notes of one id in one call, naming the second, before writing anything", async () => {
    const m = await memory();
    await expect(m.addEpisodes([{ id: "d", text: "first", thread: "t" }, { id: "e", text: "other" }, { id: "d", text: "second", thread: "t" }]))
      .rejects.toMatchObject({ code: "VALIDATION", issues: [expect.objectContaining({ path: "episodes[2].id", message: expect.stringContaining("episode 0") })] });
    await expect(m.addNotes([{ id: "n", text: "a" }, { id: "n", text: "b" }])).rejects.toMatchObject({ issues: [expect.objectContaining({ path: "notes[1].id" })] });
    expect((await m.stats()).nodes).toEqual({});
  });

  it("refuses an episode id that names a stored node of another kind, rather than turning it into an episode", async () => {
    const m = await memory();
    await m.write({ nodes: [{ id: "entity:azores", kind: "entity", text: "Azores" }] });
    await expect(m.addEpisodes([{ id: "entity:azores", text: "we sail to the Azores" }])).rejects.toMatchObject({ issues: [expect.objectContaining({ path: "episodes[0].id" })] });
    expect((await m.get("entity:azores"))!.kind).toBe("entity");
  });

  it("refuses an unknown structure name before writing anything", async () => {
    const m = await memory();
    const wrong = m.ingest([{ text: "Ana adopted a grey cat", speaker: "Ana" }], { structures: ["hyperedges" as "hypergraph"] });
    await expect(wrong).rejects.toThrow(ValidationError);
    await expect(wrong).rejects.toThrow(/structures\[0\]: a structure is one of entities, events, notes, hypergraph/);
    expect(Object.values((await m.stats()).nodes).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it("chains a thread's episodes with next edges, across calls", async () => {
    const m = await memory();
    const [a, b] = await m.addEpisodes([{ text: "one", thread: "x", at: 1000 }, { text: "two", thread: "x", at: 2000 }]);
    const [c] = await m.addEpisodes([{ text: "three", thread: "x", at: 3000 }, { text: "elsewhere", thread: "y", at: 3500 }]);
    const rows = await m.stores.graph.neighbors({ ns: "default", ids: [a!.id, b!.id], direction: "out", edgeKinds: ["next"] });
    expect(rows.map((r) => [r.node, r.neighbor])).toEqual([[a!.id, b!.id], [b!.id, c!.id]]);
    expect((await m.stats()).edges).toEqual({ next: 2 });
  });

  it("versions updates, re-embeds changed text and rejects a stale expectedVersion", async () => {
    const m = await memory();
    const [n] = await m.addEpisodes([{ text: "The meeting is on Tuesday" }]);
    const updated = await m.update(n!.id, { text: "The meeting moved to Thursday", attrs: { room: "B" } }, { reason: "rescheduled", actor: "ana" });
    expect(updated.version).toBe(2);
    const history = await m.history(n!.id);
    expect(history.map((v) => [v.version, v.op, v.change.actor, v.change.reason])).toEqual([
      [1, "create", "hippograph", "episode observed"],
      [2, "update", "ana", "rescheduled"],
    ]);
    expect((await m.search("Thursday", { k: 1 }))[0]?.id).toBe(n!.id);
    expect((await m.search("Tuesday", { k: 5, weights: { bm25: 1, vector: 0 } })).length).toBe(0);
    await expect(m.update(n!.id, { text: "x" }, { expectedVersion: 1 })).rejects.toBeInstanceOf(ConflictError);
    await expect(m.update("missing", { text: "x" })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("keeps invalidated facts for as-of reads but leaves them out of current search", async () => {
    let now = 10_000;
    const m = await memory({ clock: () => now });
    const [fact] = await m.addEpisodes([{ text: "Ana works at Globex" }]);
    now = 20_000;
    await m.invalidate(fact!.id, { at: 15_000, reason: "Ana changed jobs" });
    expect(await m.search("Globex")).toHaveLength(0);
    expect(await m.search("Globex", { view: { validAt: 12_000 } })).toHaveLength(1);
    expect(await m.search("Globex", { includeInvalid: true })).toHaveLength(1);
    expect((await m.get(fact!.id))?.time.validTo).toBe(15_000);
    await m.retract(fact!.id, { reason: "never true" });
    expect(await m.search("Globex", { view: { validAt: 12_000 } })).toHaveLength(0);
  });

  it("erases a source from graph, indexes and history, rolling back what it changed elsewhere", async () => {
    const m = await memory();
    const [kept] = await m.addEpisodes([{ text: "Ana likes jazz", source: { id: "alice" } }]);
    await m.addEpisodes([{ text: "zebracode secret from mallory", source: { id: "mallory" } }]);
    await m.update(kept!.id, { text: "Ana likes jazz zebracode", source: { id: "mallory", type: "web" } });
    const report = await m.eraseSource("mallory");
    expect(report.nodeIds).toHaveLength(1);
    expect(report.restored).toEqual([kept!.id]);
    expect(await m.search("zebracode", { weights: { bm25: 1, vector: 0 } })).toHaveLength(0);
    expect((await m.search("zebracode")).some((h) => h.node.text?.includes("zebracode"))).toBe(false);
    expect((await m.get(kept!.id))?.text).toBe("Ana likes jazz");
    const history = JSON.stringify(await m.history(kept!.id));
    expect(history).not.toContain("zebracode");
  });

  it("write records a version under scope.source when the node keeps another source, so erasing that source takes back only the version", async () => {
    const m = await memory();
    await m.write({ nodes: [{ id: "t", kind: "task", text: "Renew passport", attrs: { status: "todo" }, source: { id: "user-42" } }] });
    const alice = { id: "user-42", type: "user" as const };
    await m.write({ nodes: [{ id: "t", kind: "task", text: "Renew passport", attrs: { status: "doing" }, source: alice }] }, { source: alice });
    await m.write({ nodes: [{ id: "t", kind: "task", text: "Renew passport", attrs: { status: "done" }, source: alice }] }, { source: { id: "planner", type: "agent" } });
    expect((await m.history("t")).map((v) => [v.sourceId, v.snapshot.attrs.status])).toEqual([["user-42", "todo"], ["user-42", "doing"], ["planner", "done"]]);
    await m.write({ nodes: [{ id: "sub", kind: "task", text: "Book an appointment" }], edges: [{ kind: "child", from: "t", to: "sub" }] }, { source: { id: "planner", type: "agent" } });
    expect((await m.get("sub"))?.source).toMatchObject({ id: "planner", type: "agent" }); // a node naming no source takes the write's
    await m.eraseSource("planner");
    expect((await m.get("t"))?.attrs.status).toBe("doing");
    expect(await m.get("sub")).toBeUndefined();
    expect((await m.stores.graph.findEdges({ ns: "default", kinds: ["child"], limit: 5 })).length).toBe(0);
    await expect(m.write({ nodes: [{ kind: "task", text: "x" }] }, { source: { id: "" } })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: "scope.source.id" })] });
    expect(await m.get("t")).toMatchObject({ attrs: { status: "doing" } });
  });

  it("never lets one namespace read or touch another's memories", async () => {
    const m = await memory();
    const [mine] = await m.addEpisodes([{ id: "same-id", text: "tenant one private note" }], { ns: "tenant-1" });
    await m.addEpisodes([{ id: "same-id", text: "tenant two different note" }], { ns: "tenant-2" });
    expect((await m.get("same-id", { ns: "tenant-2" }))?.text).toBe("tenant two different note");
    const theirs = await m.search("private", { ns: "tenant-2" });
    expect(theirs.every((h) => h.node.ns === "tenant-2" && !h.node.text?.includes("private"))).toBe(true);
    expect((await m.search("private", { ns: "tenant-1" }))[0]?.id).toBe(mine!.id);
    expect((await m.namespaces()).sort()).toEqual(["tenant-1", "tenant-2"]);
  });
});

describe("Memory facade: bad input writes nothing and names the field", () => {
  it.each([
    ["wrong type", [{ text: "fine" }, { text: 42 }], /episodes\[1\]\.text/],
    ["empty text", [{ text: "" }], /episodes\[0\]\.text/],
    ["unknown field", [{ text: "x", colour: "red" }], /episodes\[0\]/],
    ["bad date", [{ text: "x", at: "someday" }], /episodes\[0\]\.at.*ISO-8601/],
    ["over-long text", [{ text: "x".repeat(101) }], /episodes\[0\]\.text.*limit of 100/],
    ["bad trust", [{ text: "x", source: { id: "s", trust: 2 } }], /episodes\[0\]\.source\.trust/],
    ["no episodes", [], /at least one episode/],
  ])("%s", async (_name, input, message) => {
    const m = await memory({ limits: { maxTextChars: 100 } });
    const error = await m.addEpisodes(input as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(message);
    expect((await m.stats()).nodes).toEqual({});
  });

  it("rejects unknown node and edge kinds, and dangling edges, atomically", async () => {
    const m = await memory();
    await expect(m.write({ nodes: [{ kind: "gossip", text: "x" }] })).rejects.toThrow(/nodes\[0\]\.kind.*unknown node kind "gossip"/);
    await expect(m.write({ nodes: [{ id: "a", kind: "note", text: "x" }], edges: [{ kind: "likes", from: "a", to: "a" }] })).rejects.toThrow(/edges\[0\]\.kind/);
    await expect(m.write({ nodes: [{ id: "a", kind: "note", text: "x" }], edges: [{ kind: "link", from: "a", to: "ghost" }] })).rejects.toThrow(/edges\[0\]\.to.*ghost/);
    expect((await m.stats()).nodes).toEqual({});
  });

  it("accepts kinds the application registered", async () => {
    const m = await memory({ kinds: { nodeKinds: ["document"], edgeKinds: ["cites"] } });
    const { nodes, edges } = await m.write({ nodes: [{ id: "d1", kind: "document", text: "paper" }, { id: "d2", kind: "document", text: "other" }], edges: [{ kind: "cites", from: "d1", to: "d2" }] });
    expect(nodes.map((n) => n.kind)).toEqual(["document", "document"]);
    expect(edges[0]?.kind).toBe("cites");
  });

  it.each([[""], ["has space"], ["../etc"], ["x".repeat(200)]])("rejects namespace %j", async (ns) => {
    const m = await memory();
    await expect(m.addEpisodes([{ text: "x" }], { ns })).rejects.toBeInstanceOf(ValidationError);
    await expect(createMemory({ namespace: ns })).rejects.toThrow(/namespace/);
  });

  it("rejects a bad option naming it", async () => {
    await expect(createMemory({ limits: { maxTextChars: -1 } })).rejects.toThrow(/limits\.maxTextChars/);
    await expect(createMemory({ durability: "sometimes" as never })).rejects.toThrow(/durability/);
  });
});

describe("Memory facade on a file", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const file = () => {
    const dir = mkdtempSync(join(tmpdir(), "hippograph-facade-"));
    dirs.push(dir);
    return join(dir, "memory.db");
  };

  it("persists across reopen and refuses a different embedder", async () => {
    const path = file();
    const first = await createMemory({ path });
    await first.addEpisodes([{ text: "persisted across processes" }]);
    await first.close();
    const again = await memory({ path });
    expect((await again.search("persisted"))[0]?.node.text).toBe("persisted across processes");
    await again.close();
    open.pop();
    await expect(createMemory({ path, embedder: hashEmbedder({ dimensions: 128 }) })).rejects.toBeInstanceOf(IncompatibleDatabaseError);
  });
});

describe("Memory facade: re-ingest", () => {
  it("is idempotent for unchanged episodes and versions changed ones without new edges", async () => {
    const m = await createMemory();
    const turns = [
      { id: "t1", text: "first", thread: "c", at: "2024-01-01T10:00:00Z" },
      { id: "t2", text: "second", thread: "c", at: "2024-01-01T10:01:00Z" },
    ];
    await m.addEpisodes(turns);
    await m.addEpisodes(turns);
    expect((await m.stats()).edges).toEqual({ next: 1 });
    expect((await m.get("t1"))?.version).toBe(1);
    await m.addEpisodes([{ ...turns[1]!, text: "second, corrected" }]);
    expect((await m.get("t2"))?.version).toBe(2);
    expect((await m.stats()).edges).toEqual({ next: 1 });
    await m.close();
  });

  it("refuses zone-less date-times instead of reading them in the machine's zone", async () => {
    const m = await createMemory();
    await expect(m.addEpisodes([{ text: "x", at: "2024-03-02T18:00:00" }])).rejects.toThrow(/episodes\[0\]\.at.*with a zone/);
    await expect(m.addEpisodes([{ text: "x", at: "8 May 2023" }])).rejects.toThrow(/ISO-8601/);
    const [ok] = await m.addEpisodes([{ text: "x", at: "2024-03-02" }]);
    expect(ok?.time.at).toBe(Date.UTC(2024, 2, 2));
    await m.close();
  });
});
