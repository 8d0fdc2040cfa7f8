/**
 * Crash safety of the embedded store through the Memory facade: a child process writes batches of
 * episodes and is SIGKILLed at seeded-random points, 20 times, always on the same database file.
 * After every kill the file must reopen without repair, pass SQLite's integrity check, hold every
 * acknowledged batch completely, and hold any other batch either completely (only the one in flight
 * at the kill, which may have committed before its ack was written) or not at all: graph, text
 * index and vectors always agree.
 *
 * Reproduce a failure's kill points with CRASH_SEED=<seed printed in the output>.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_NAMESPACE, createMemory, type Memory } from "@hippograph/memory";
import { ftsTable } from "../../memory/src/store/embedded/fts-spaces.js";
import { int, mulberry32 } from "../bench/synthetic.js";
import { BATCH_SIZE, MEMORY_OPTIONS, RUN_STRIDE, THREADS_PER_RUN, batchIds, batchToken, episodeId, episodeText } from "./batch.js";

const KILLS = 20;
const MAX_ACKS = 10;
const MAX_DELAY_MS = 30;
const ns = DEFAULT_NAMESPACE;

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../..");
const childScript = path.join(here, "ingest-child.ts");

const seed = process.env.CRASH_SEED !== undefined ? Number(process.env.CRASH_SEED) >>> 0 : (Math.random() * 2 ** 32) >>> 0;

function pickFrom(rng: () => number, items: readonly number[]): number | undefined {
  return items.length === 0 ? undefined : items[Math.floor(rng() * items.length)];
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hippograph-crash-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface ChildRun {
  acks: number[];
  /** Any ack line that did not follow the expected sequence. */
  stray: string[];
}

/** Starts a child on `db`, kills it `delayMs` after its `targetAcks`-th ack, and returns every ack it wrote. */
async function runChild(db: string, run: number, first: number, targetAcks: number, delayMs: number): Promise<ChildRun> {
  const child = spawn(process.execPath, ["--import", "tsx/esm", "--conditions=source", childScript, db, String(run), String(first)], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const acks: number[] = [];
  const stray: string[] = [];
  let stderr = "";
  let buffered = "";
  let killTimer: NodeJS.Timeout | undefined;
  let watchdogFired = false;
  const kill = () => child.kill("SIGKILL");
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk;
    for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      const match = /^ack (\d+)$/.exec(line);
      if (match) {
        acks.push(Number(match[1]));
        if (acks.length === targetAcks) killTimer = setTimeout(kill, delayMs);
      } else if (line !== "ready") {
        stray.push(line);
      }
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  // Only against a hung child; normal runs end by our kill within seconds.
  const watchdog = setTimeout(() => {
    watchdogFired = true;
    kill();
  }, 45_000);
  // "close" comes after the process exited AND its stdout was drained: no written ack is lost.
  const [code, signal] = (await once(child, "close")) as [number | null, NodeJS.Signals | null];
  clearTimeout(watchdog);
  clearTimeout(killTimer);
  if (buffered !== "") stray.push(buffered);
  if (watchdogFired) throw new Error(`run ${run}: the child produced ${acks.length}/${targetAcks} acks in 45 s\n${stderr}`);
  if (signal !== "SIGKILL") throw new Error(`run ${run}: the child ended by itself (code ${code}, signal ${signal})\n${stderr}`);
  return { acks, stray };
}

/** Raw per-batch counts read straight from SQLite, bypassing every cache and the search layer. */
function rawCounts(db: Database.Database, k: number) {
  const ids = JSON.stringify(batchIds(k));
  const count = (sql: string, ...params: unknown[]) => db.prepare(sql).pluck().get(...params) as number;
  return {
    nodes: count("SELECT count(*) FROM nodes WHERE ns = ? AND id IN (SELECT value FROM json_each(?))", ns, ids),
    history: count("SELECT count(*) FROM history WHERE ns = ? AND id IN (SELECT value FROM json_each(?))", ns, ids),
    docs: count("SELECT count(*) FROM docs WHERE ns = ? AND id IN (SELECT value FROM json_each(?))", ns, ids),
    vectors: count("SELECT count(*) FROM vectors WHERE ns = ? AND id IN (SELECT value FROM json_each(?))", ns, ids),
    fts: ftsTables(db, ns).reduce((sum, t) => sum + count(`SELECT count(*) FROM ${t} WHERE ${t} MATCH ?`, `body : "${batchToken(k)}"`), 0),
  };
}

/** The FTS5 tables holding a namespace's postings (every namespace's when `ns` is undefined): one per namespace, from the registry. */
function ftsTables(db: Database.Database, ns?: string): string[] {
  const numbers = (ns === undefined
    ? db.prepare("SELECT n FROM fts_spaces").pluck().all()
    : db.prepare("SELECT n FROM fts_spaces WHERE ns = ?").pluck().all(ns)) as number[];
  return numbers.map(ftsTable);
}

/**
 * Checks one batch in every layer and returns whether it is present. `expected` undefined means
 * "either way" (the batch in flight at the kill), but never partially.
 */
async function checkBatch(memory: Memory, ro: Database.Database, k: number, expected: boolean | undefined, where: string, deep = true): Promise<boolean> {
  const ctx = `${where}, batch ${k}`;
  const ids = batchIds(k);
  const nodes = await memory.stores.graph.getNodes({ ns, ids });
  const present = nodes.length === BATCH_SIZE;
  expect(nodes.length === 0 || present, `${ctx}: partial batch, ${nodes.length}/${BATCH_SIZE} nodes`).toBe(true);
  if (expected !== undefined) expect(present, `${ctx}: ${expected ? "acknowledged batch missing" : "unacknowledged batch present"}`).toBe(expected);
  const n = present ? BATCH_SIZE : 0;

  const wrong = nodes.filter((node, i) => node.id !== episodeId(k, i) || node.attrs.batch !== k || node.text !== episodeText(k, i));
  expect(wrong.map((node) => node.id), `${ctx}: nodes with the wrong content`).toEqual([]);
  // Every layer of the file agrees with the graph: nodes, history, docs, FTS postings, vectors.
  expect(rawCounts(ro, k), `${ctx}: SQLite layers disagree`).toEqual({ nodes: n, history: n, docs: n, vectors: n, fts: n });
  if (!deep) return present;

  // Text index through the facade: the batch's unique token finds exactly its episodes, or nothing.
  const text = await memory.search(batchToken(k), { k: 1000, candidates: 250, weights: { bm25: 1, vector: 0 } });
  expect(text.map((h) => h.id).sort(), `${ctx}: text search`).toEqual(present ? [...ids].sort() : []);
  // Both channels fused (the default search): the token still brings back the whole batch, or none of it.
  const hybrid = (await memory.search(batchToken(k), { k: 1000, candidates: 250 })).map((h) => h.id).filter((id) => id.startsWith(`b${k}-`));
  expect(hybrid.sort(), `${ctx}: hybrid search`).toEqual(present ? [...ids].sort() : []);

  // Vectors through the facade: an episode's own text finds it (score 1) iff the batch is present.
  const probe = k % BATCH_SIZE;
  const vector = await memory.search(episodeText(k, probe), { k: 10, weights: { bm25: 0, vector: 1 } });
  const found = vector.map((h) => h.id);
  if (present) expect(found, `${ctx}: vector search for its own episode`).toContain(episodeId(k, probe));
  else expect(found.filter((id) => id.startsWith(`b${k}-`)), `${ctx}: vector search returned an absent batch`).toEqual([]);
  return present;
}

/** Rows per batch number in every table, over the whole file: catches stray rows of any batch, known or not. */
function layerMaps(db: Database.Database) {
  const byBatch = (sql: string) =>
    Object.fromEntries((db.prepare(sql).all() as { b: number; n: number }[]).map((r) => [r.b, r.n]));
  // Ids are "b<k>-<i>": the batch number sits between the "b" and the first "-".
  const fromId = (table: string) =>
    byBatch(`SELECT CAST(substr(id, 2, instr(id, '-') - 2) AS INTEGER) AS b, count(*) AS n FROM ${table} GROUP BY b`);
  return {
    nodes: byBatch(`SELECT json_extract(attrs, '$.batch') AS b, count(*) AS n FROM nodes GROUP BY b`),
    nodeIds: fromId("nodes"),
    history: fromId("history"),
    docs: fromId("docs"),
    vectors: fromId("vectors"),
  };
}

describe("crash safety (SIGKILL during addEpisodes)", () => {
  it(`keeps every acknowledged batch and never a partial one across ${KILLS} kills`, { timeout: 180_000 }, async () => {
    const started = Date.now();
    const rng = mulberry32(seed); // kill points
    const sampleRng = mulberry32(seed ^ 0x9e3779b9); // which earlier batches get the search checks
    const db = path.join(dir, "crash.sqlite");
    console.log(`crash-safety: seed ${seed} (rerun with CRASH_SEED=${seed})`);

    const present: number[] = []; // batches known committed, in order
    const absent: number[] = []; // batches known never committed (their numbers are never reused)
    const runStarts = new Set<number>(); // first batch of each run: starts that run's threads
    let acked = 0;
    let inFlightCommitted = 0;
    let inFlightAbsent = 0;
    let childMs = 0;
    let checkMs = 0;
    let integrityMs = 0;

    for (let run = 0; run < KILLS; run++) {
      const first = run * RUN_STRIDE;
      const targetAcks = int(rng, 1, MAX_ACKS);
      const delayMs = int(rng, 0, MAX_DELAY_MS);
      const where = `seed ${seed}, run ${run} (kill ${delayMs} ms after ack #${targetAcks})`;
      runStarts.add(first);

      const t0 = Date.now();
      const { acks, stray } = await runChild(db, run, first, targetAcks, delayMs);
      childMs += Date.now() - t0;
      expect(stray, `${where}: unexpected child output`).toEqual([]);
      expect(acks, `${where}: acks out of order`).toEqual(acks.map((_, i) => first + i));
      expect(acks.length, where).toBeGreaterThanOrEqual(targetAcks);
      acked += acks.length;
      const inFlight = first + acks.length;

      const t1 = Date.now();
      // The raw file as the crash left it: WAL recovery by a read-only connection, then a full check.
      const ro = new Database(db, { readonly: true, fileMustExist: true });
      try {
        const ti = Date.now();
        expect(ro.pragma("integrity_check", { simple: true }), `${where}: integrity_check`).toBe("ok");
        integrityMs += Date.now() - ti;
        // Reopen as the user's next process would: no repair step.
        const memory = await createMemory({ path: db , ...MEMORY_OPTIONS });
        try {
          for (const k of acks) await checkBatch(memory, ro, k, true, where);
          // The attrs filter path agrees too, for this run's batches.
          for (const k of [...acks, inFlight, inFlight + 1]) {
            const byAttr = await memory.stores.graph.findNodes({ ns, kinds: ["episode"], attrs: { batch: k }, limit: 1000 });
            const allowed = k < inFlight ? [BATCH_SIZE] : k === inFlight ? [0, BATCH_SIZE] : [0];
            expect(allowed, `${where}, batch ${k}: findNodes by attrs found ${byAttr.length}`).toContain(byAttr.length);
          }
          if (await checkBatch(memory, ro, inFlight, undefined, where)) {
            inFlightCommitted++;
            present.push(...acks, inFlight);
          } else {
            inFlightAbsent++;
            present.push(...acks);
            absent.push(inFlight);
          }
          // Nothing beyond the batch in flight can have been started.
          await checkBatch(memory, ro, inFlight + 1, false, where);
          absent.push(inFlight + 1);
          // Earlier runs' batches survive later crashes unchanged (present stays present, absent stays
          // absent): every one through the graph and the raw layers, a seeded sample also through search.
          const earlierPresent = present.filter((b) => b < first);
          const earlierAbsent = absent.filter((b) => b < first);
          const sampled = new Set([pickFrom(sampleRng, earlierPresent), pickFrom(sampleRng, earlierPresent), pickFrom(sampleRng, earlierAbsent)]);
          for (const k of earlierPresent) await checkBatch(memory, ro, k, true, `${where} (earlier run)`, sampled.has(k));
          for (const k of earlierAbsent) await checkBatch(memory, ro, k, false, `${where} (earlier run)`, sampled.has(k));

          // Whole file, per batch and per table: exactly the present batches, each with all its rows.
          const full = Object.fromEntries(present.map((k) => [k, BATCH_SIZE]));
          expect(layerMaps(ro), `${where}: rows per batch`).toEqual({ nodes: full, nodeIds: full, history: full, docs: full, vectors: full });
          // Totals: no stray rows anywhere, and one `next` edge per episode that continues a thread.
          const total = (sql: string) => ro.prepare(sql).pluck().get() as number;
          const nodes = present.length * BATCH_SIZE;
          const edges = present.reduce((sum, k) => sum + BATCH_SIZE - (runStarts.has(k) ? THREADS_PER_RUN : 0), 0);
          expect(
            { nodes: total("SELECT count(*) FROM nodes"), history: total("SELECT count(*) FROM history"), docs: total("SELECT count(*) FROM docs"),
              vectors: total("SELECT count(*) FROM vectors"), edges: total("SELECT count(*) FROM edges WHERE kind = 'next'"), allEdges: total("SELECT count(*) FROM edges") },
            `${where}: totals`,
          ).toEqual({ nodes, history: nodes, docs: nodes, vectors: nodes, edges, allEdges: edges });
          expect((await memory.stats()).nodes.episode ?? 0, `${where}: stats`).toBe(nodes);
        } finally {
          await memory.close();
        }
      } finally {
        ro.close();
      }
      // FTS5's own structural check of the inverted index (needs a read-write handle; writes nothing).
      const tf = Date.now();
      const rw = new Database(db, { fileMustExist: true });
      try {
        for (const t of ftsTables(rw)) {
          expect(() => rw.prepare(`INSERT INTO ${t} (${t}, rank) VALUES ('integrity-check', 0)`).run(), `${where}: FTS5 integrity-check of ${t}`).not.toThrow();
        }
      } finally {
        rw.close();
        integrityMs += Date.now() - tf;
      }
      checkMs += Date.now() - t1;
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `crash-safety: seed ${seed}: ${KILLS} kills, ${acked} acked batches all present, in-flight batches found committed ${inFlightCommitted}, ` +
        `absent ${inFlightAbsent}, never partial; ${present.length * BATCH_SIZE} episodes at the end; ` +
        `${seconds} s (children ${(childMs / 1000).toFixed(1)} s, checks ${(checkMs / 1000).toFixed(1)} s of which integrity checks ${(integrityMs / 1000).toFixed(1)} s)`,
    );
  });
});
