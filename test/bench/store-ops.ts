/**
 * Operations on a large embedded store, the costs a long-lived agent meets besides ingest and search:
 * `npm run bench:store -- [--turns 100000] [--namespaces 50] [--items 10000] [--ops 20] [--seed 42] [--json]`.
 *
 * 1. One namespace: writes `--turns` synthetic turns (`addEpisodes`, 1,000 a commit), closes and
 *    reopens the file as the next process would, then times the first `retrieve` (it builds the
 *    namespace's adjacency), warm `retrieve`s, `update`s that change a question (its replies are
 *    re-indexed), `retract`s, `findEdges` by node and `findNodes` by source, and a `retrieve` after
 *    another connection wrote to another namespace of the file, then to this one (ten new turns
 *    each time), then erased the ten it wrote here (`eraseSource`: their edges are deleted);
 *    closes, reopens and times the first `update` (its old vector leaves the saved HNSW index).
 * 2. Many namespaces: the same turns spread over `--namespaces` namespaces, one conversation each
 *    in turn; reopened, the first `retrieve` in one of them.
 * 3. The LangGraph store: `--items` items put through `HippographStore` into ten namespaces
 *    (`["users", "u<i>", "memories"]`), then `search` with a query across the prefix and in one
 *    namespace, with a filter, and without a query (a list), each asking for 10 items.
 *
 * Progress goes to stderr; with --json, stdout carries exactly one JSON object.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createMemory, type EpisodeInput, type Memory } from "@hippograph/memory";
import { HippographStore } from "@hippograph/nodes";
import { intOption } from "./int-option.js";
import { percentile } from "./percentile.js";
import { Progress } from "./progress.js";
import { generateCorpus, generateQueries, type SyntheticTurn } from "./synthetic.js";

const { values } = parseArgs({
  args: process.argv.slice(2),
  strict: true,
  options: {
    turns: { type: "string", default: "100000" },
    namespaces: { type: "string", default: "50" },
    items: { type: "string", default: "10000" },
    ops: { type: "string", default: "20" },
    seed: { type: "string", default: "42" },
    json: { type: "boolean", default: false },
  },
});
const o = { turns: intOption("turns", values.turns, 1), namespaces: intOption("namespaces", values.namespaces, 1), items: intOption("items", values.items, 10), ops: intOption("ops", values.ops, 1), seed: intOption("seed", values.seed, 0) };

const BATCH = 1000;
const now = () => process.hrtime.bigint();
const msSince = (t: bigint) => Number(now() - t) / 1e6;
const round = (x: number) => Math.round(x * 100) / 100;
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = now();
  const r = await fn();
  return [r, msSince(t)];
}
async function p50(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push((await timed(() => fn(i)))[1]);
  return round(percentile(times.sort((a, b) => a - b), 50));
}

const episode = (t: SyntheticTurn): EpisodeInput => ({ id: t.id, text: t.text, speaker: t.speaker, thread: t.thread, session: t.session, at: t.at });

async function write(path: string, turns: readonly SyntheticTurn[], nsOf: (t: SyntheticTurn) => string, label: string): Promise<number> {
  const memory = await createMemory({ path });
  const started = now();
  const progress = new Progress(turns.length, started, label);
  const groups = new Map<string, EpisodeInput[]>();
  for (const t of turns) {
    const ns = nsOf(t);
    const group = groups.get(ns) ?? [];
    groups.set(ns, group);
    group.push(episode(t));
  }
  let done = 0;
  for (const [ns, episodes] of groups) {
    for (let i = 0; i < episodes.length; i += BATCH) {
      const batch = episodes.slice(i, i + BATCH);
      await memory.addEpisodes(batch, { ns });
      progress.update((done += batch.length));
    }
  }
  progress.done();
  await memory.close();
  return msSince(started);
}

const dir = mkdtempSync(join(tmpdir(), "hippograph-store-ops-"));
try {
  const corpus = generateCorpus({ turns: o.turns, seed: o.seed, order: "conversation" });
  const queries = generateQueries(corpus, o.ops + 1, o.seed + 1).map((q) => q.text);
  const asking = corpus.turns.filter((t) => t.text.includes("?"));
  const plain = corpus.turns.filter((t) => !t.text.includes("?"));
  if (asking.length < 2 * o.ops || plain.length < 4 * o.ops) throw new Error(`--turns ${o.turns} is too few for --ops ${o.ops}`);

  // Code paths warmed on a throwaway memory (the date parser loads on the first dated query), so the
  // first retrieve below times the store's own cold work.
  const warm = await createMemory();
  await warm.addEpisodes(corpus.turns.slice(0, 50).map(episode));
  for (const q of queries) await warm.retrieve(q);
  await warm.close();

  // 1. one namespace
  const one = join(dir, "one.db");
  const ingestMs = await write(one, corpus.turns, () => "bench", "one namespace");
  let memory: Memory;
  let reopenMs: number;
  [memory, reopenMs] = await timed(() => createMemory({ path: one, namespace: "bench" }));
  const [, firstRetrieveMs] = await timed(() => memory.retrieve(queries[0]!));
  const retrieveP50Ms = await p50(o.ops, (i) => memory.retrieve(queries[i + 1]!));
  const questionUpdateP50Ms = await p50(o.ops, (i) => memory.update(asking[i]!.id, { text: `${asking[i]!.text} And when was that?` }));
  const retractP50Ms = await p50(o.ops, (i) => memory.retract(asking[o.ops + i]!.id));
  const edgesOfNodeP50Ms = await p50(o.ops, (i) => memory.stores.graph.findEdges({ ns: "bench", nodeId: plain[i]!.id, limit: 100 }));
  const nodesOfSourceP50Ms = await p50(o.ops, () => memory.stores.graph.findNodes({ ns: "bench", sourceId: "anonymous", limit: 100 }));
  // Another process (here: another connection) writes to another namespace of the file, then to this one.
  const foreignWrite = async (ns: string, turns: readonly SyntheticTurn[]) => {
    const other = await createMemory({ path: one, namespace: ns });
    await other.addEpisodes(turns.map((t) => ({ ...episode(t), source: { id: "visitor" } })));
    await other.close();
  };
  await foreignWrite("other", corpus.turns.slice(0, 10));
  const [, retrieveAfterForeignWriteMs] = await timed(() => memory.retrieve(queries[1]!));
  await foreignWrite("bench", corpus.turns.slice(0, 10).map((t) => ({ ...t, id: `${t.id}-again` })));
  const [, retrieveAfterForeignWriteSameNamespaceMs] = await timed(() => memory.retrieve(queries[2]!));
  // Then erases those ten turns again: their edges are deleted, which the adjacency must not keep.
  const eraser = await createMemory({ path: one, namespace: "bench" });
  await eraser.eraseSource("visitor");
  await eraser.close();
  const [, retrieveAfterForeignEraseMs] = await timed(() => memory.retrieve(queries[3]!));
  await memory.close();
  memory = await createMemory({ path: one, namespace: "bench" });
  const [, firstUpdateAfterReopenMs] = await timed(() => memory.update(plain[o.ops]!.id, { text: `${plain[o.ops]!.text} (edited)` }));
  await memory.close();

  // 2. many namespaces
  const many = join(dir, "many.db");
  const conversationOf = (t: SyntheticTurn) => Number(/^conv-(\d+)/.exec(t.id)![1]);
  const manyIngestMs = await write(many, corpus.turns, (t) => `ns${conversationOf(t) % o.namespaces}`, "many namespaces");
  memory = await createMemory({ path: many });
  const [, firstRetrieveOneNamespaceMs] = await timed(() => memory.retrieve(queries[0]!, { ns: "ns0" }));
  await memory.close();

  // 3. the LangGraph store
  memory = await createMemory({ path: join(dir, "store.db") });
  const store = new HippographStore({ memory });
  const users = 10;
  const items = corpus.turns.slice(0, o.items).map((t, i) => ({ namespace: ["users", `u${i % users}`, "memories"], key: t.id, value: { text: t.text, speaker: t.speaker, n: i % 2 } }));
  const bar = new Progress(items.length, now(), "LangGraph store", "items");
  for (let i = 0; i < items.length; i += BATCH) {
    await store.batch(items.slice(i, i + BATCH));
    bar.update(Math.min(i + BATCH, items.length));
  }
  bar.done();
  const langgraphStore = {
    items: items.length, namespaces: users,
    queryAcrossPrefixP50Ms: await p50(o.ops, (i) => store.search(["users"], { query: queries[i]!, limit: 10 })),
    queryOneNamespaceP50Ms: await p50(o.ops, (i) => store.search(["users", `u${i % users}`, "memories"], { query: queries[i]!, limit: 10 })),
    queryWithFilterP50Ms: await p50(o.ops, (i) => store.search(["users"], { query: queries[i]!, filter: { n: 1 }, limit: 10 })),
    listOneNamespaceP50Ms: await p50(o.ops, (i) => store.search(["users", `u${i % users}`, "memories"], { limit: 10 })),
  };
  await memory.close();

  const result = {
    turns: o.turns,
    oneNamespace: {
      ingestMs: Math.round(ingestMs), reopenMs: round(reopenMs), firstRetrieveMs: round(firstRetrieveMs), retrieveP50Ms,
      questionUpdateP50Ms, retractP50Ms, edgesOfNodeP50Ms, nodesOfSourceP50Ms, retrieveAfterForeignWriteMs: round(retrieveAfterForeignWriteMs),
      retrieveAfterForeignWriteSameNamespaceMs: round(retrieveAfterForeignWriteSameNamespaceMs), retrieveAfterForeignEraseMs: round(retrieveAfterForeignEraseMs),
      firstUpdateAfterReopenMs: round(firstUpdateAfterReopenMs),
    },
    manyNamespaces: { namespaces: o.namespaces, ingestMs: Math.round(manyIngestMs), firstRetrieveOneNamespaceMs: round(firstRetrieveOneNamespaceMs) },
    langgraphStore,
    ops: o.ops, seed: o.seed, node: process.version,
  };
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${JSON.stringify(result, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
