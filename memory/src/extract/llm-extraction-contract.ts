/**
 * What the LLM extractor asks for and what it accepts: one prompt per batch that lists every item with
 * its id, speaker and reference date; a JSON Schema strict enough for OpenAI structured outputs (every
 * property required, no extra ones) so constrained decoding can enforce it; and the Zod schema the
 * answer must pass — the model's word is never trusted. Keyword rules follow A-MEM's note-construction
 * prompt (arXiv 2502.12110): specific, most important first, no speaker names, no times.
 */
import { z } from "zod";
import type { ExtractionInput } from "../ports/extractor.js";

export const ENTITY_TYPES = ["person", "place", "organization", "thing", "event", "other"] as const;

const stringArray = { type: "array", items: { type: "string" } };
const object = (properties: Record<string, unknown>) => ({
  type: "object",
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});

export const EXTRACTION_JSON_SCHEMA: Record<string, unknown> = object({
  items: {
    type: "array",
    items: object({
      id: { type: "string" },
      entities: { type: "array", items: object({ name: { type: "string" }, type: { type: "string", enum: [...ENTITY_TYPES] } }) },
      keywords: stringArray,
      dates: { type: "array", items: object({ text: { type: "string" }, iso: { type: "string" } }) },
      nounPhrases: stringArray,
      relations: {
        type: "array",
        items: object({ subject: { type: "string" }, predicate: { type: "string" }, object: { type: "string" } }),
      },
    }),
  },
});

const nonEmpty = z.string().trim().min(1);

export const extractionAnswerSchema = z.strictObject({
  items: z.array(
    z.strictObject({
      id: z.string(),
      entities: z.array(z.strictObject({ name: nonEmpty, type: z.enum(ENTITY_TYPES) })),
      keywords: z.array(nonEmpty),
      dates: z.array(z.strictObject({ text: nonEmpty, iso: z.string() })),
      nounPhrases: z.array(nonEmpty),
      relations: z.array(z.strictObject({ subject: nonEmpty, predicate: nonEmpty, object: nonEmpty })),
    }),
  ),
});

export type ExtractionAnswer = z.output<typeof extractionAnswerSchema>;

export const EXTRACTION_SYSTEM_PROMPT = [
  "You extract structured facts from short texts (conversation turns, notes). For EVERY input item return exactly one",
  "output item with the same id, in the same order; never invent ids. For each item:",
  "- entities: named people, places, organizations, things (titles, products), events; name as written; type one of",
  `  ${ENTITY_TYPES.join(", ")}.`,
  "- keywords: up to 8 specific, distinct keywords, most important first; never speaker names, never dates or times.",
  "- dates: every date or time expression as written (text) and resolved against the item's reference date (iso):",
  "  YYYY for a year, YYYY-MM for a month, YYYY-MM-DD for a day, YYYY-MM-DDTHH:MMZ for a time, all UTC. Omit what you cannot resolve.",
  "- nounPhrases: the salient noun phrases, lower case.",
  "- relations: subject-predicate-object facts stated in the text; subject and object are entity names or noun phrases;",
  "  the speaker's \"I\" is the speaker's name.",
  "Use empty arrays when there is nothing to report. Output JSON only.",
].join("\n");

export function extractionUserPrompt(items: readonly ExtractionInput[]): string {
  const lines = items.map((item) =>
    JSON.stringify({
      id: item.id,
      ...(item.speaker ? { speaker: item.speaker } : {}),
      ...(Number.isFinite(item.at) ? { reference_date: new Date(item.at!).toISOString() } : {}),
      text: item.text,
    }),
  );
  return `Items (one JSON object per line):\n${lines.join("\n")}`;
}

/** "2023", "2023-05", "2023-05-08", "2023-05-08T13:56Z" (seconds and offsets allowed) → instant and grain. */
export function parseIsoDate(iso: string): { at: number; grain: "year" | "month" | "day" | "time" } | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/.exec(iso.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  const year = Number(y);
  const month = mo ? Number(mo) - 1 : 0;
  const day = d ? Number(d) : 1;
  if (year < 1 || month < 0 || month > 11 || day < 1 || day > 31) return undefined; // no year 0 or month 00
  // Date.UTC rolls 2023-02-31 over into March; a real date survives the round trip (also under a time).
  if (new Date(utc(year, month, day)).getUTCDate() !== day) return undefined;
  if (h !== undefined) {
    if (Number(h) > 23 || Number(mi) > 59 || (s !== undefined && Number(s) > 59)) return undefined;
    const at = Date.parse(m[7] ? iso.trim().replace(" ", "T") : `${iso.trim().replace(" ", "T")}Z`);
    return Number.isNaN(at) ? undefined : { at, grain: "time" };
  }
  const at = utc(year, month, day);
  return { at, grain: d ? "day" : mo ? "month" : "year" };
}

/** Date.UTC, except that years 1–99 stay themselves (Date.UTC reads them as 1901–1999). */
function utc(year: number, month: number, day: number): number {
  const date = new Date(Date.UTC(2000, month, day));
  date.setUTCFullYear(year, month, day);
  return date.getTime();
}
