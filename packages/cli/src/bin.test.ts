/** The real executable, as a user runs it: a separate Node process through tsx and the "source" condition. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));

function bin(...args: string[]) {
  return spawnSync(process.execPath, ["--conditions=source", "--import", "tsx", "packages/cli/src/bin.ts", ...args], { cwd: root, encoding: "utf8" });
}

describe("bin.ts", () => {
  it("--help exits 0; an unknown command exits 2", () => {
    const help = bin("--help");
    expect(help.stderr).toBe("");
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Usage: hippograph");
    const unknown = bin("frobnicate");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  });
});
