/** Output for people (aligned tables) and for programs (exactly one JSON document). */
import { fileErrorCode } from "./exit-codes.js";
import { HippographError, ValidationError, type ChannelEvidence } from "@hippograph/memory";
import type { CliIO } from "./io.js";
import { writeAll } from "./io.js";

export async function printJson(io: CliIO, value: unknown): Promise<void> {
  await writeAll(io.stdout, `${JSON.stringify(value, null, 2)}\n`);
}

/** Left-aligned columns; the last column is not padded, so long text does not drag trailing spaces. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, c) => Math.max(...all.map((r) => (r[c] ?? "").length)));
  const line = (r: readonly string[]) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join("  ").trimEnd();
  return `${all.map(line).join("\n")}\n`;
}

/** One line of at most `max` characters: newlines flattened, an ellipsis where it was cut. */
export function excerpt(text: string | null, max = 80): string {
  if (text === null) return "";
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

export function channelCell(channels: ChannelEvidence, name: string): string {
  const c = channels[name];
  return c ? `#${c.rank} ${round(c.score)}` : "-";
}

export function isoDate(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}

export function round(n: number, digits = 4): number {
  return Number(n.toPrecision(digits));
}

export function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** An error as the user sees it: JSON `{ error: { code, message, issues? } }`, or a short text. */
export function formatError(error: unknown, options: { json: boolean; debug: boolean }): string {
  const known = HippographError.isInstance(error);
  const file = known ? undefined : fileErrorCode(error); // a file the system would not read or write: said as it is (exit 5 or 6)
  const fileError = file !== undefined;
  const code = known ? error.code : file ?? "INTERNAL";
  const message = error instanceof Error ? error.message : String(error);
  const issues = error instanceof ValidationError || (known && "issues" in error) ? (error as ValidationError).issues : undefined;
  if (options.json) {
    const body: Record<string, unknown> = { code, message };
    if (issues) body["issues"] = issues;
    if (options.debug && error instanceof Error) body["stack"] = error.stack;
    return `${JSON.stringify({ error: body })}\n`;
  }
  let text: string;
  if (issues && issues.length > 0) {
    text = `error: invalid input (${issues.length} problem${issues.length === 1 ? "" : "s"}${issues.length >= 20 ? ", stopped at 20" : ""}):\n`;
    text += issues.map((i) => `  ${i.path ? `${i.path}: ` : ""}${i.message}\n`).join("");
  } else {
    text = `error: ${message.split("\n")[0]}\n`;
    if (!known && !fileError && !options.debug) text += "(set DEBUG=hippograph to see the stack)\n";
  }
  if (options.debug && error instanceof Error && error.stack) text += `${error.stack}\n`;
  return text;
}
