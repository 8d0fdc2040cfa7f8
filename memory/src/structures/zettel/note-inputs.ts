import { z } from "zod";
import { ID_MAX_LENGTH } from "../../model/ids.js";

const id = z.string().min(1, "id must not be empty").max(ID_MAX_LENGTH);
const word = z.string().max(128);

/**
 * What `Zettelkasten.write` takes, checked whole before anything is extracted or embedded: the
 * facade validates `addNotes` already, but the class is public and structures are driven directly.
 */
export const zettelNotesSchema = z.array(z.object({
  id: id.optional(),
  text: z.string({ error: "text must be a string" }).trim().min(1, "text must not be empty"),
  at: z.number().finite().optional(),
  keywords: z.array(word).max(64).optional(),
  tags: z.array(word).max(64).optional(),
  context: z.string().max(2048).optional(),
  source: z.object({ id: z.string().min(1), type: z.string().min(1), trust: z.number().min(0).max(1) }).optional(),
  derivedFrom: id.optional(),
  extraction: z.object({}).passthrough().optional(),
  attrs: z.record(z.string(), z.unknown()).optional(),
}).strict()).superRefine((notes, ctx) => {
  const seen = new Map<string, number>();
  notes.forEach((n, i) => {
    if (n.id === undefined) return;
    const first = seen.get(n.id);
    if (first === undefined) seen.set(n.id, i);
    else ctx.addIssue({ code: "custom", path: [i, "id"], message: `repeats the id of note ${first} ("${n.id}")` });
  });
});
