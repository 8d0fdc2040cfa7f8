import { readFile } from "node:fs/promises";
import { ValidationError } from "@hippograph/memory";
import { parse as parseYaml } from "yaml";
import type { GraphSpec } from "./graph-spec.js";
import { validateGraph, type ValidateOptions } from "../validate/validate-graph.js";

/** A spec from JSON or YAML text (YAML is a superset of JSON, so one parser reads both), validated. */
export function parseGraphSpec(text: string, options: ValidateOptions = {}): GraphSpec {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new ValidationError([{ path: "(root)", message: `not valid JSON or YAML: ${(error as Error).message.split("\n")[0]}` }], "graph spec");
  }
  return validateGraph(data, options);
}

export async function loadGraphSpec(path: string, options: ValidateOptions = {}): Promise<GraphSpec> {
  return parseGraphSpec(await readFile(path, "utf8"), options);
}
