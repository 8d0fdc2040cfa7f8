/** Parses and cross-checks a gateway configuration; a bad one is refused with the path of every bad field. */
import { readFile } from "node:fs/promises";
import type { z } from "zod";
import { GatewayConfigError, type ConfigIssue } from "../errors.js";
import { GatewayConfigSchema, type GatewayConfig } from "./schema.js";

export function parseConfig(input: unknown, source?: string): GatewayConfig {
  const parsed = GatewayConfigSchema.safeParse(input);
  if (!parsed.success) throw new GatewayConfigError(parsed.error.issues.slice(0, 20).map(toIssue), source);
  const issues = crossCheck(parsed.data);
  if (issues.length > 0) throw new GatewayConfigError(issues, source);
  return parsed.data;
}

/** Reads a JSON or YAML file (YAML when the name ends in .yaml/.yml; the `yaml` package must be importable). */
export async function loadConfigFile(path: string): Promise<GatewayConfig> {
  const text = await readFile(path, "utf8");
  let data: unknown;
  try {
    if (/\.ya?ml$/i.test(path)) {
      // An optional peer dependency: JSON configs need nothing more.
      const yaml = (await import("yaml").catch(() => {
        throw new Error("YAML configs need the `yaml` package (npm install yaml), or use JSON");
      })) as { parse(text: string): unknown };
      data = yaml.parse(text);
    } else data = JSON.parse(text);
  } catch (error) {
    throw new GatewayConfigError([{ path: "", message: `cannot parse: ${(error as Error).message}` }], path);
  }
  return parseConfig(data, path);
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

function toIssue(i: z.core.$ZodIssue): ConfigIssue {
  return { path: formatPath(i.path) || "(root)", message: i.message };
}

/** What a schema cannot say alone: references resolve, names are unique, secrets exist. */
function crossCheck(c: GatewayConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const ids = new Set<string>();
  c.upstreams.forEach((u, i) => {
    if (ids.has(u.id)) issues.push({ path: `upstreams[${i}].id`, message: `duplicate upstream id "${u.id}"` });
    ids.add(u.id);
    if (u.apiKeyEnv && process.env[u.apiKeyEnv] === undefined) issues.push({ path: `upstreams[${i}].apiKeyEnv`, message: `environment variable ${u.apiKeyEnv} is not set` });
  });
  const names = new Set<string>();
  c.models.forEach((m, i) => {
    if (names.has(m.name)) issues.push({ path: `models[${i}].name`, message: `duplicate model "${m.name}"` });
    names.add(m.name);
    m.targets.forEach((t, j) => t.upstreams.forEach((u, k) => {
      if (!ids.has(u)) issues.push({ path: `models[${i}].targets[${j}].upstreams[${k}]`, message: `unknown upstream "${u}"` });
    }));
  });
  c.keys.forEach((k, i) => {
    if (!k.key && !k.keyEnv) issues.push({ path: `keys[${i}]`, message: "needs key or keyEnv" });
    if (k.keyEnv && !process.env[k.keyEnv]) issues.push({ path: `keys[${i}].keyEnv`, message: `environment variable ${k.keyEnv} is not set, or empty` });
    if (k.key !== undefined && k.key.trim() === "") issues.push({ path: `keys[${i}].key`, message: "must not be empty" });
    k.models?.forEach((m, j) => {
      if (!names.has(m)) issues.push({ path: `keys[${i}].models[${j}]`, message: `unknown model "${m}"` });
    });
  });
  return issues;
}
