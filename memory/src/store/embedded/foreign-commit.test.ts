import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeEdges } from "../../retrieval/activation/test-store.js";
import { openEmbeddedStore, type EmbeddedStore } from "./embedded-store.js";

const stores: EmbeddedStore[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

async function twoHandles(): Promise<[EmbeddedStore, EmbeddedStore]> {
  const dir = mkdtempSync(join(tmpdir(), "hippograph-foreign-"));
  dirs.push(dir);
  const path = join(dir, "db.sqlite");
  const a = await openEmbeddedStore({ path, dimensions: 8 });
  const b = await openEmbeddedStore({ path, dimensions: 8 });
  stores.push(a, b);
  return [a, b];
}

const neighbours = async (s: EmbeddedStore, id: string) => (await s.neighbors({ ns: "t", ids: [id], direction: "both" })).map((r) => r.neighbor).sort();

describe("a commit by another connection", () => {
  it("is caught up with when it lands between a write's freshness check and its lock", async () => {
    const [a, b] = await twoHandles();
    await writeEdges(a, [["x", "link", "y"]], "t", "a");
    expect(await neighbours(a, "x")).toEqual(["y"]); // a's adjacency of "t" is built
    await writeEdges(b, [["x", "link", "z"]], "t", "b");
    // As if b had committed just after a's write checked for foreign commits, before it took the lock.
    const handle = a as unknown as { fresh(): void };
    const check = handle.fresh;
    handle.fresh = () => undefined;
    await writeEdges(a, [["x", "link", "w"]], "t", "c");
    handle.fresh = check;
    expect(await neighbours(a, "x")).toEqual(["w", "y", "z"]);
  });
});
