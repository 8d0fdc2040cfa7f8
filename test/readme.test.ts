import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";

// The README's example is documentation users copy; this keeps it identical to a file that runs.
describe("README quickstart", () => {
  const example = readFileSync(new URL("../examples/quickstart.ts", import.meta.url), "utf8");

  it("is the README's code block, verbatim", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    expect(readme).toContain("```ts\n" + example + "```");
    expect(example.trim().split("\n").length).toBeLessThanOrEqual(20);
  });

  it("runs and finds Ana's cat first", async () => {
    const lines: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
    try {
      await import("../examples/quickstart.js");
    } finally {
      log.mockRestore();
    }
    expect(lines[0]).toContain("Pixel");
    expect(lines.at(-1)).toMatch(/^erased 1 memory; .*"episode":1/);
  });
});
