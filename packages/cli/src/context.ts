import { mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import type { Command } from "commander";
import { createMemory, NotFoundError, type Limits, type Memory } from "@hippograph/memory";
import { remoteStores, type Backend } from "./backend.js";

export const DEFAULT_DB = ".hippograph/memory.db";
export const DEFAULT_NS = "default";

/** The global options, and whether the user gave them (stats and demo behave differently when not). */
export interface Globals {
  db: string;
  backend: Backend;
  ns: string;
  json: boolean;
  dbGiven: boolean;
  nsGiven: boolean;
}

export function globals(command: Command): Globals {
  const o = command.optsWithGlobals<{ db: string; ns: string; json?: boolean; backend?: Backend }>();
  const given = (name: string) => command.getOptionValueSourceWithGlobals(name) === "cli";
  return { db: o.db, backend: o.backend ?? "embedded", ns: o.ns, json: o.json === true, dbGiven: given("db"), nsGiven: given("ns") };
}

export interface OpenOptions {
  limits?: Partial<Limits>;
  /**
   * For commands that only read: the embedded file is opened read-only (nothing in it or beside it
   * changes, and writers in other processes go on), and a file that is not there is an error, not a
   * new empty one. Remote backends are read with the credentials given.
   */
  readOnly?: boolean;
}

/**
 * Opens the memory — the embedded file (creating its directory) or Neo4j + Qdrant — and always closes it,
 * however `use` ends. A bare path means the embedded backend.
 */
export async function withMemory<T>(target: string | { db: string; backend: Backend }, use: (memory: Memory) => Promise<T>, options: OpenOptions = {}): Promise<T> {
  const { db: path, backend } = typeof target === "string" ? { db: target, backend: "embedded" as const } : target;
  const { limits = {}, readOnly = false } = options;
  let memory: Memory;
  if (backend === "embedded" && readOnly && path !== ":memory:") {
    if (!holdsData(path)) throw new NotFoundError(`no memory at ${path}: run \`hippograph demo\` or \`hippograph ingest\` first, or name a file with --db`);
    memory = await createMemory({ path, limits, readOnly });
  } else if (backend === "embedded") {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    memory = await createMemory({ path, limits });
  } else {
    memory = await createMemory({ ...(await remoteStores()), limits });
  }
  try {
    return await use(memory);
  } finally {
    await memory.close();
  }
}

/** An existing, non-empty file (an empty one holds no memory, and a read-only open cannot initialise it). */
function holdsData(path: string): boolean {
  try {
    return statSync(path).size > 0;
  } catch {
    return false;
  }
}
