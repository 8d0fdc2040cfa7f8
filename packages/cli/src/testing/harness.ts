/** Runs the CLI in-process for tests: captured stdout/stderr, the exit code, throwaway directories. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Writer } from "../io.js";
import { main } from "../program.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function collector(): Writer & { text: () => string } {
  const chunks: string[] = [];
  return { write: (s: string) => void chunks.push(s), isTTY: false, text: () => chunks.join("") };
}

export async function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  const stdout = collector();
  const stderr = collector();
  const code = await main(["node", "hippograph", ...args], { stdout, stderr, env });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** A temporary directory with helpers to write files into it; `cleanup()` removes it. */
export function workspace() {
  const dir = mkdtempSync(join(tmpdir(), "hippograph-cli-"));
  return {
    dir,
    db: join(dir, "memory.db"),
    file(name: string, content: string | Buffer): string {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** JSONL text: one JSON document per line. */
export function jsonl(items: readonly unknown[]): string {
  return `${items.map((i) => (typeof i === "string" ? i : JSON.stringify(i))).join("\n")}\n`;
}
