import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Command } from "commander";
import { createMemory, type Limits, type Memory } from "@hippograph/memory";

export const DEFAULT_DB = ".hippograph/memory.db";
export const DEFAULT_NS = "default";

/** The global options, and whether the user gave them (stats and demo behave differently when not). */
export interface Globals {
  db: string;
  ns: string;
  json: boolean;
  dbGiven: boolean;
  nsGiven: boolean;
}

export function globals(command: Command): Globals {
  const o = command.optsWithGlobals<{ db: string; ns: string; json?: boolean }>();
  const given = (name: string) => command.getOptionValueSourceWithGlobals(name) === "cli";
  return { db: o.db, ns: o.ns, json: o.json === true, dbGiven: given("db"), nsGiven: given("ns") };
}

/** Opens the memory (creating the database's directory) and always closes it, however `use` ends. */
export async function withMemory<T>(path: string, use: (memory: Memory) => Promise<T>, limits: Partial<Limits> = {}): Promise<T> {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const memory = await createMemory({ path, limits });
  try {
    return await use(memory);
  } finally {
    await memory.close();
  }
}
