/**
 * Several processes on one embedded file: two child processes write random edges and vectors while
 * this process reads, and writes too, through its own connection. Each commit of another process is
 * caught up with from the change log (store/embedded/change-log.ts): at the end this connection's
 * adjacencies and vector results must equal a fresh open's of the file.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { writeEdges } from "../../memory/src/retrieval/activation/test-store.js";
import { openEmbeddedStore, type EmbeddedStore } from "../../memory/src/store/embedded/embedded-store.js";
import { NAMESPACES, NODES, randomStoreOp, vector } from "./store-ops.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hippograph-writers-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const STEPS = 150;

async function state(store: EmbeddedStore) {
  const edges = await Promise.all(NAMESPACES.map(async (ns) =>
    (await store.neighbors({ ns, ids: NODES, direction: "both", view: { validAt: 1_000 } })).map((r) => `${r.node}-${r.edge}-${r.neighbor}`).sort()));
  const vectors = await Promise.all(NAMESPACES.flatMap((ns) => [0, 1, 2, 3].map(async (i) => (await store.search({ ns, vector: vector(i), k: 20 })).map((h) => h.id).sort())));
  return { edges, vectors };
}

describe("two writer processes and a reading, writing one on one file", () => {
  it("leave this connection's caches equal to a fresh open of the file", async () => {
    const db = path.join(dir, "db.sqlite");
    const mine = await openEmbeddedStore({ path: db, dimensions: 8 });
    // Edges the writers never touch: an adjacency holding more edges than are written between two
    // reads takes the new ones in place instead of reading its namespace anew.
    for (const ns of NAMESPACES) await writeEdges(mine, Array.from({ length: 300 }, (_, i) => [NODES[i % 5]!, "link", NODES[(i * 3 + 1) % 5]!] as const), ns, "init");
    const children = [11, 29].map((seed) =>
      spawn(process.execPath, ["--import", "tsx/esm", "--conditions=source", path.join(here, "writer-child.ts"), db, String(seed), String(STEPS)], {
        cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"],
      }));
    // Each child's exit code and stderr, once it has closed (a failed spawn counts as exit code -1).
    const ends = children.map((c) => new Promise<{ code: number; stderr: string }>((resolve) => {
      let stderr = "";
      c.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
      c.on("error", (error) => resolve({ code: -1, stderr: String(error) }));
      c.on("close", (code) => resolve({ code: code ?? -1, stderr }));
    }));
    let running = children.length;
    for (const end of ends) void end.then(() => running--);
    let seed = 3;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return (seed >>> 8) % n;
    };
    let reads = 0;
    try {
      while (running > 0) {
        await state(mine); // reads through the caches, catching up with whatever committed meanwhile
        if (reads++ % 5 === 0) await randomStoreOp(mine, rand, "me-");
        await new Promise((r) => setTimeout(r, 2));
      }
    } finally {
      for (const c of children) c.kill("SIGKILL"); // no-op for those that exited
    }
    for (const end of ends) {
      const { code, stderr } = await end;
      expect(code, `a writer failed:\n${stderr}`).toBe(0);
    }
    expect(reads).toBeGreaterThan(5); // the reads overlapped the writers
    const fresh = await openEmbeddedStore({ path: db, dimensions: 8 });
    try {
      expect(await state(mine)).toEqual(await state(fresh));
    } finally {
      await fresh.close();
      await mine.close();
    }
  }, 90_000);
});
