import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { HippographError } from "../errors.js";
import { hashEmbedder } from "../embed/hash-embedder.js";
import { TempDirs } from "../store/embedded/test-temp-dirs.js";
import { createMemory } from "./create-memory.js";
import type { Memory } from "./memory.js";

const temp = new TempDirs("read-only");
const open: Memory[] = [];
async function memory(options: Parameters<typeof createMemory>[0]): Promise<Memory> {
  const m = await createMemory(options);
  open.push(m);
  return m;
}
afterEach(async () => {
  for (const m of open.splice(0)) await m.close();
  temp.removeAll();
});

const TURNS = [
  { id: "t1", text: "Ana adopted a grey cat named Pixel from the shelter", speaker: "Ana", thread: "s1", attrs: { mood: "happy" } },
  { id: "t2", text: "Bruno is training for the Lisbon half marathon", speaker: "Bruno", thread: "s1" },
  { id: "t3", text: "Pixel knocked the plant off the windowsill again", speaker: "Ana", thread: "s1" },
  ...Array.from({ length: 20 }, (_, i) => ({ id: `f${i}`, text: `filler turn ${i} about the weather in Porto`, speaker: "Bruno", thread: "s2" })),
];

/** A file memory with structures and a saved HNSW partition (annThreshold below the node count), closed. */
async function writtenFile(): Promise<string> {
  const path = join(temp.make(), "memory.db");
  const writer = await createMemory({ path, annThreshold: 8 });
  await writer.ingest(TURNS);
  await writer.close();
  return path;
}

/** Every file in the memory's directory (the .ann folder's too) with its sha256. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string, prefix: string) => {
    for (const name of readdirSync(at)) {
      const full = join(at, name);
      if (statSync(full).isDirectory()) walk(full, `${prefix}${name}/`);
      else out[`${prefix}${name}`] = createHash("sha256").update(readFileSync(full)).digest("hex");
    }
  };
  walk(dir, "");
  return out;
}

/** No file removed or changed; SQLite's WAL reader files may appear (a reader needs the shared-memory index). */
function expectUnchanged(before: Record<string, string>, after: Record<string, string>): void {
  const wal = (f: string) => /^memory\.db-(wal|shm)$/.test(f);
  expect(Object.keys(before).filter((f) => !wal(f) && after[f] !== before[f])).toEqual([]);
  expect(Object.keys(after).filter((f) => !wal(f) && !(f in before))).toEqual([]);
}

const code = (error: unknown) => (HippographError.isInstance(error) ? error.code : String(error));
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    return code(error);
  }
  return "resolved";
}

describe("createMemory({ readOnly: true })", () => {
  it("reads what a writable open reads, and leaves every byte of the file and its vector index as they were", async () => {
    const path = await writtenFile();
    const dir = join(path, "..");
    const before = snapshot(dir);
    expect(Object.keys(before).some((f) => f.startsWith("memory.db.ann/"))).toBe(true); // the HNSW partition was saved

    const reader = await memory({ path, readOnly: true, annThreshold: 8 });
    expect(reader.readOnly).toBe(true);
    const hits = await reader.search("Which cat did Ana adopt?", { k: 3 });
    const retrieved = await reader.retrieve("What did Pixel knock over?");
    const filtered = await reader.stores.graph.findNodes({ ns: "default", attrs: { mood: "happy" }, limit: 5 }); // would create an attribute index when writable
    const stats = await reader.stats();
    await reader.close();

    const writer = await memory({ path, annThreshold: 8 });
    expect(hits.map((h) => h.node.id)).toEqual((await writer.search("Which cat did Ana adopt?", { k: 3 })).map((h) => h.node.id));
    expect(retrieved.items.map((i) => i.id)).toEqual((await writer.retrieve("What did Pixel knock over?")).items.map((i) => i.id));
    expect(hits[0]?.node.id).toBe("t1");
    expect(filtered.map((n) => n.id)).toEqual(["t1"]);
    expect(stats.nodes.episode).toBe(TURNS.length);
    expect(Object.keys(stats.nodes).length).toBeGreaterThan(1); // the structures ingest built

    expectUnchanged(before, snapshot(dir));
  });

  it("keeps the saved vector index while it catches up with another process that removed most vectors", async () => {
    const path = await writtenFile();
    const dir = join(path, "..");
    const reader = await memory({ path, readOnly: true, annThreshold: 8 });
    expect((await reader.search("weather in Porto", { k: 3 })).length).toBeGreaterThan(0); // loads the saved HNSW partition
    const writer = await createMemory({ path, annThreshold: 8 });
    await writer.eraseSource("anonymous"); // every vector goes
    await writer.close(); // saves the index without them
    const before = snapshot(dir);
    expect(Object.keys(before).some((f) => f.startsWith("memory.db.ann/"))).toBe(true);
    expect(await reader.search("weather in Porto", { k: 3 })).toEqual([]); // caught up: its partition shrank past half the threshold
    await reader.close();
    expectUnchanged(before, snapshot(dir)); // a writable open deletes the saved index there
  });

  it("refuses every write before it reaches a model or the file, at the facade and at each store port", async () => {
    const path = await writtenFile();
    const bytes = snapshot(join(path, ".."))["memory.db"];
    let embedded = 0;
    const hash = hashEmbedder();
    const counting = { id: hash.id, dimensions: hash.dimensions, embed: (texts: readonly string[]) => ((embedded += texts.length), hash.embed(texts)) };
    const reader = await memory({ path, readOnly: true, annThreshold: 8, embedder: counting });
    const refused = await Promise.all([
      refusal(reader.addEpisodes([{ text: "a new turn" }])),
      refusal(reader.ingest([{ text: "Ana moved to Porto", speaker: "Ana" }])),
      refusal(reader.addNotes([{ text: "a note" }])),
      refusal(reader.write({ nodes: [{ id: "x", kind: "entity", text: "X" }] })),
      refusal(reader.update("t1", { text: "changed" })),
      refusal(reader.invalidate("t1")),
      refusal(reader.retract("t1")),
      refusal(reader.eraseSource("anonymous")),
      refusal(reader.tasks().add({ id: "A", goal: "do A" })),
      refusal(reader.hypergraph().insert({ members: [{ id: "t1" }, { id: "t3" }], description: "Ana and Pixel" })),
      refusal(reader.context().commit([], [])), // structures driven directly
      refusal(reader.context().embed!(["a"])),
      refusal(reader.stores.graph.write({ nodes: [] })),
      refusal(reader.stores.graph.invalidate({ ns: "default", nodeIds: ["t1"], validTo: 1, change: { at: 1, actor: "t", reason: "t" } })),
      refusal(reader.stores.graph.eraseBySource({ ns: "default", sourceId: "anonymous", change: { at: 1, actor: "t", reason: "t" } })),
      refusal(reader.stores.vectors.upsert([])),
      refusal(reader.stores.vectors.delete({ ns: "default", ids: ["t1"] })),
      refusal(reader.stores.text.index([])),
      refusal(reader.stores.text.delete({ ns: "default", ids: ["t1"] })),
    ]);
    expect(refused).toEqual(Array(refused.length).fill("READ_ONLY"));
    expect(embedded).toBe(0);
    await reader.close();
    expect(snapshot(join(path, ".."))["memory.db"]).toBe(bytes);
  });

  it("sees what another process commits to the file while it is open", async () => {
    const path = await writtenFile();
    const reader = await memory({ path, readOnly: true });
    expect(await reader.get("t9")).toBeUndefined();
    const writer = await memory({ path });
    await writer.addEpisodes([{ id: "t9", text: "Bruno bought a red kayak", speaker: "Bruno", thread: "s1" }]);
    expect((await reader.search("kayak", { k: 1 }))[0]?.node.id).toBe("t9");
    expect((await reader.get("t9"))?.text).toContain("kayak");
  });

  it("refuses what it cannot open without writing: a missing, empty or foreign file, no file, remote stores", async () => {
    const dir = temp.make();
    const empty = join(dir, "empty.db");
    writeFileSync(empty, "");
    const foreign = join(dir, "foreign.db");
    const db = new Database(foreign);
    db.exec("CREATE TABLE t (x)");
    db.close();
    const missing = join(dir, "missing.db");

    expect(await refusal(createMemory({ path: missing, readOnly: true }))).toBe("NOT_FOUND");
    expect(readdirSync(dir).sort()).toEqual(["empty.db", "foreign.db"]); // nothing created
    expect(await refusal(createMemory({ path: empty, readOnly: true }))).toBe("NOT_OUR_DATABASE");
    expect(statSync(empty).size).toBe(0);
    expect(await refusal(createMemory({ path: foreign, readOnly: true }))).toBe("NOT_OUR_DATABASE");
    expect(await refusal(createMemory({ readOnly: true }))).toBe("VALIDATION"); // ":memory:" would always be empty
    const m = await memory({});
    const { graph, vectors, text } = m.stores;
    await expect(createMemory({ graph, vectors, text, readOnly: true })).rejects.toThrow(/readOnly: applies to the embedded store/);
  });

  it("still refuses a file another embedder's vectors are in", async () => {
    const path = await writtenFile();
    const hash = hashEmbedder();
    const other = { id: "other-embedder", dimensions: hash.dimensions, embed: (texts: readonly string[]) => hash.embed(texts) };
    expect(await refusal(createMemory({ path, readOnly: true, embedder: other }))).toBe("INCOMPATIBLE_DATABASE");
  });
});
