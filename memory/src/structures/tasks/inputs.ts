import { z } from "zod";
import { idSchema, repeatedIds } from "../../model/ids.js";

export { idSchema };

/** Input schemas of the task tree API; every public call parses its input before reading or writing. */
const reason = z.string().min(1, "reason must not be empty").max(512);
const MAX_VALUE_CHARS = 32_000;

/** Any JSON value, bounded: inputs and outputs are stored as attributes and rendered into prompts. */
const value = z.unknown().superRefine((v, ctx) => {
  let json: string | undefined;
  try {
    json = JSON.stringify(v);
  } catch {
    json = undefined;
  }
  if (json === undefined) ctx.addIssue({ code: "custom", message: "must be a JSON value" });
  else if (json.length > MAX_VALUE_CHARS) ctx.addIssue({ code: "custom", message: `is ${json.length} characters of JSON, over the limit of ${MAX_VALUE_CHARS}` });
});

const idList = z.array(idSchema).max(1_000).superRefine((ids, ctx) => {
  for (const r of repeatedIds(ids)) ctx.addIssue({ code: "custom", path: [r.at], message: `duplicate of [${r.first}] ("${r.id}")` });
});

export const addTaskSchema = z.strictObject({
  /** A caller-chosen stable id (TME v2 slots such as "trip.hotel"); a new UUIDv7 otherwise. */
  id: idSchema.optional(),
  goal: z.string().min(1, "goal must not be empty").max(MAX_VALUE_CHARS),
  parent: idSchema.optional(),
  dependsOn: idList.optional(),
  input: value.optional(),
  reason: reason.optional(),
});

export const completeSchema = z.strictObject({ output: value.optional(), reason: reason.optional() });
export const failSchema = z.strictObject({ error: z.string().max(MAX_VALUE_CHARS).optional(), reason: reason.optional() });
export const startSchema = z.strictObject({ reason: reason.optional() });
export const reviseSchema = z.strictObject({ output: value, reason });
export const dependenciesSchema = idList.min(1, "at least one prerequisite is required");
export const contextSchema = z.strictObject({
  /** Token budget of the rendered section, estimated as ceil(characters / 4). */
  tokens: z.number().int().min(1).max(1_000_000),
  /** Most finished siblings considered (the most recently finished). */
  maxSiblings: z.number().int().min(0).max(1_000).default(20),
});

export type AddTaskInput = z.input<typeof addTaskSchema>;
export type CompleteInput = z.input<typeof completeSchema>;
export type FailInput = z.input<typeof failSchema>;
export type StartInput = z.input<typeof startSchema>;
export type ReviseInput = z.input<typeof reviseSchema>;
export type ContextOptions = z.input<typeof contextSchema>;
