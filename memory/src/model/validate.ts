import type { z } from "zod";
import { ValidationError, type Issue } from "../errors.js";

/** "episodes", 3, "text" → "episodes[3].text" — the path a user can find in their input. */
export function formatPath(path: readonly PropertyKey[], prefix = ""): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** Parse with a Zod schema; on failure throw one ValidationError naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, context: string, prefix = ""): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: Issue[] = result.error.issues.map((i) => ({
    path: formatPath(i.path, prefix) || prefix || "(root)",
    message: i.message,
  }));
  throw new ValidationError(issues, context);
}
