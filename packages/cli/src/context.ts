import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Command } from "commander";
import { createMemory, type Limits, type Memory } from "@hippograph/memory";
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

/**
 * Opens the memory — the embedded file (creating its directory) or Neo4j + Qdrant — and always closes it,
 * however `use` ends. A bare path means the embedded backend.
 */
export async function withMemory<T>(target: string | { db: string; backend: Backend }, use: (memory: Memory) => Promise<T>, limits: Partial<Limits> = {}): Promise<T> {
  const { db: path, backend } = typeof target === "string" ? { db: target, backend: "embedded" as const } : target;
  let memory: Memory;
  if (backend === "embedded") {
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
