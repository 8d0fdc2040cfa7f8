import { EventEmitter, once } from "node:events";

/**
 * Where the CLI writes. Injected, so tests run commands in-process and read what they printed.
 * A stream (back-pressure through "drain") or any object with `write`, such as a test's collector.
 */
export interface Writer {
  write(chunk: string): boolean | void;
  isTTY?: boolean;
}

export interface CliIO {
  stdout: Writer;
  stderr: Writer;
  env: Readonly<Record<string, string | undefined>>;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/**
 * Writes and, when a stream's buffer is full, waits for it to drain, so a big export stays in
 * bounded memory. events.once also rejects on the stream's "error", so a failing disk cannot hang us.
 */
export async function writeAll(writer: Writer, chunk: string): Promise<void> {
  if (writer.write(chunk) === false && writer instanceof EventEmitter) await once(writer, "drain");
}

export function isDebug(io: CliIO): boolean {
  return (io.env["DEBUG"] ?? "").split(",").some((d) => d.trim() === "hippograph" || d.trim() === "*");
}
