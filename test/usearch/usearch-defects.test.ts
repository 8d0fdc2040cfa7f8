/**
 * Guards for the usearch version pinned in memory/package.json. 2.25.3 never returned from some
 * removals on a small index after adds and removes, and corrupted its heap, aborting the process,
 * after loading an index saved when it had lost about half or more of the most keys it had held
 * (measured in child processes; docs/architecture.md). Each workload runs in a child process, so a hang fails on a timeout and an
 * abort on a signal instead of taking the test run down with it.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../..");

function run(...args: string[]): { size: number; expected: number; found: number; probe: number } {
  const child = spawnSync(process.execPath, ["--import", "tsx/esm", "--conditions=source", path.join(here, "ann-child.ts"), ...args], {
    cwd: repoRoot, encoding: "utf8", timeout: 20_000,
  });
  expect(child.error?.message, "the child hung (killed after 20 s)").toBeUndefined();
  expect(child.signal, `the child died: ${child.stderr}`).toBeNull();
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout) as { size: number; expected: number; found: number; probe: number };
}

describe("usearch, through AnnIndex", () => {
  it("returns from every removal on a small index churned by adds and removes (2.25.3 hung)", () => {
    const r = run("churn", "120", "5000");
    expect(r.size).toBe(r.expected);
    expect(r.found).toBe(r.probe);
  }, 30_000);

  it("loads an index saved after it shrank to a quarter of its peak (2.25.3 aborted)", () => {
    const r = run("shrink", "4096", "3072");
    expect(r.size).toBe(1025);
    expect(r.found).toBe(r.probe);
  }, 30_000);
});
