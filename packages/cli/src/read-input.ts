import { readFile } from "node:fs/promises";
import { NotFoundError, ValidationError } from "@hippograph/memory";

/** A file the user named, or NotFoundError (exit 5) naming what it was for. */
export async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch {
    throw new NotFoundError(`cannot read ${what} ${path}`);
  }
}

/** Bad JSON the user gave is invalid input (exit 3) naming where it came from, not an internal error. */
export function parseJson(text: string, where: string, context: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError([{ path: where, message: `not valid JSON: ${(error as Error).message}` }], context);
  }
}
