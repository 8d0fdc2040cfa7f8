/** Argument parsers: a bad value is a usage error (exit 2), reported by commander with the option's name. */
import { InvalidArgumentError } from "commander";
import { kindNameSchema, namespaceSchema } from "@hippograph/memory";

export function intIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got "${value}"`);
    }
    return n;
  };
}

export function namespaceArg(value: string): string {
  const r = namespaceSchema.safeParse(value);
  if (!r.success) throw new InvalidArgumentError(r.error.issues[0]!.message);
  return value;
}

/** "episode,note" → ["episode", "note"]. */
export function kindsArg(value: string): string[] {
  const kinds = value.split(",").map((k) => k.trim()).filter(Boolean);
  for (const k of kinds) if (!kindNameSchema.safeParse(k).success) throw new InvalidArgumentError(`"${k}" is not a kind name`);
  if (kinds.length === 0) throw new InvalidArgumentError("give at least one kind");
  return kinds;
}

export function choice<T extends string>(allowed: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(allowed as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${allowed.join(", ")}`);
    return value as T;
  };
}
