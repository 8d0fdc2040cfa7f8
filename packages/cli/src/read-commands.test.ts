/** The commands that only read open the file read-only: they change nothing in it and make none. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMemory } from "@hippograph/memory";
import { jsonl, runCli, workspace } from "./testing/harness.js";

/** How each command opened the memory: the CLI's createMemory calls, recorded. */
const opened = vi.hoisted(() => [] as { path: string | undefined; readOnly: boolean | undefined }[]);
vi.mock("@hippograph/memory", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@hippograph/memory")>();
  return {
    ...actual,
    createMemory: (options?: Parameters<typeof actual.createMemory>[0]) => {
      opened.push({ path: options?.path, readOnly: options?.readOnly });
      return actual.createMemory(options);
    },
  };
});

let ws: ReturnType<typeof workspace>;
beforeEach(() => (ws = workspace()));
afterEach(() => ws.cleanup());

const turns = [
  { id: "t1", text: "the lighthouse keeper painted the door teal", speaker: "Ann", thread: "chat", attrs: { mood: "calm" } },
  { id: "t2", text: "Bo repaired the lantern before the storm", speaker: "Bo", thread: "chat" },
];

describe("read commands", () => {
  it("open the file read-only — search, retrieve, stats, export and studio — while ingest opens it writable", async () => {
    expect((await runCli(["--db", ws.db, "ingest", ws.file("chat.jsonl", jsonl(turns))])).code).toBe(0);
    for (const args of [["search", "lantern"], ["retrieve", "lantern"], ["stats"], ["export"]]) expect((await runCli(["--db", ws.db, ...args])).code).toBe(0);
    const baseline = process.listenerCount("SIGTERM");
    const studio = runCli(["--db", ws.db, "studio", "--port", "0"]);
    for (let i = 0; i < 250 && process.listenerCount("SIGTERM") === baseline; i++) await new Promise((r) => setTimeout(r, 20));
    process.emit("SIGTERM");
    expect((await studio).code).toBe(0);
    expect(opened.filter((o) => o.path === ws.db).map((o) => o.readOnly === true)).toEqual([false, true, true, true, true, true]);
  });

  it("see what a writer commits while they run beside it", async () => {
    const writer = await createMemory({ path: ws.db });
    try {
      await writer.addEpisodes([{ id: "k1", text: "a red kayak on the pier", thread: "chat" }]);
      const { code, stdout } = await runCli(["--db", ws.db, "search", "kayak", "--json"]);
      expect(code).toBe(0);
      expect(JSON.parse(stdout).hits[0].id).toBe("k1");
    } finally {
      await writer.close();
    }
  });

  it("refuse a file that is not there with exit 5, and do not create it", async () => {
    const missing = join(ws.dir, "nothing-here.db");
    for (const args of [["search", "lantern"], ["retrieve", "lantern"], ["stats"], ["export"]]) {
      const { code, stderr } = await runCli(["--json", "--db", missing, ...args]);
      expect(code).toBe(5);
      expect(JSON.parse(stderr).error.message).toContain("no memory at");
    }
    expect(existsSync(missing)).toBe(false);
  });
});
