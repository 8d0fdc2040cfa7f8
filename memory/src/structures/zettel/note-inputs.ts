import { z } from "zod";
import { idSchema as id, repeatedIds } from "../../model/ids.js";
import { sourceSchema } from "../../model/provenance.js";

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
  source: sourceSchema.optional(),
  derivedFrom: id.optional(),
  extraction: z.object({}).passthrough().optional(),
  attrs: z.record(z.string(), z.unknown()).optional(),
}).strict()).superRefine((notes, ctx) => {
  for (const r of repeatedIds(notes.map((n) => n.id))) {
    ctx.addIssue({ code: "custom", path: [r.at, "id"], message: `repeats the id of note ${r.first} ("${r.id}")` });
  }
});
