/**
 * The LoCoMo benchmark format (Maharana et al., ACL 2024): a JSON array of conversations, each with
 * dated sessions of turns and a list of questions whose evidence names turns by `dia_id`.
 * Turns become episodes with stable ids (`<sample_id>:<dia_id>`), so evidence maps to node ids.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { ValidationError, type Issue } from "../errors.js";
import type { EpisodeInput, Limits } from "../facade/inputs.js";
import { formatPath } from "../model/validate.js";
import { episodeSchema, DEFAULT_MAX_ERRORS } from "./jsonl-episodes.js";
import { parseLocomoDate, cleanEvidence } from "./locomo-fields.js";

export { parseLocomoDate, cleanEvidence } from "./locomo-fields.js";

export interface LocomoQuestion {
  question: string;
  /** Null for the adversarial questions (category 5), which carry `adversarialAnswer` instead. */
  answer: string | null;
  adversarialAnswer: string | null;
  /** Cleaned dia_ids ("D1:3") that exist in the conversation; empty when none was usable. */
  evidence: string[];
  category: number;
}

export interface LocomoConversation {
  sampleId: string;
  speakers: [string, string];
  episodes: EpisodeInput[];
  questions: LocomoQuestion[];
}

const SESSION = /^session_(\d+)$/;

// Extra fields (img_url, query, "re-download", observation, summaries) are allowed and ignored.
const turnSchema = z.looseObject({
  speaker: z.string().min(1),
  dia_id: z.string().regex(/^D\d+:\d+$/, 'dia_id must look like "D<session>:<turn>"'),
  text: z.string(),
  blip_caption: z.string().optional(),
  img_url: z.array(z.string()).optional(),
});

const conversationSchema = z
  .looseObject({ speaker_a: z.string().min(1), speaker_b: z.string().min(1) })
  .superRefine((c, ctx) => {
    const record = c as Record<string, unknown>;
    const seen = new Map<string, string>(); // dia_id → where; ids must be unique, they become node ids
    for (const { key, n } of sessionKeys(record)) {
      const turns = z.array(turnSchema).safeParse(record[key]);
      if (!turns.success) for (const i of turns.error.issues) ctx.addIssue({ code: "custom", message: i.message, path: [key, ...i.path] });
      else turns.data.forEach((t, i) => {
        const first = seen.get(t.dia_id);
        if (first !== undefined) ctx.addIssue({ code: "custom", message: `duplicate dia_id "${t.dia_id}" (first at ${first})`, path: [key, i, "dia_id"] });
        else seen.set(t.dia_id, `${key}[${i}]`);
      });
      const dateKey = `session_${n}_date_time`;
      const date = record[dateKey];
      if (typeof date !== "string") ctx.addIssue({ code: "custom", message: `missing date of ${key}`, path: [dateKey] });
      else if (parseLocomoDate(date) === undefined) {
        ctx.addIssue({ code: "custom", message: `"${date.slice(0, 40)}" is not a LoCoMo date like "4:05 pm on 2 March, 2024"`, path: [dateKey] });
      }
    }
  });

const questionSchema = z.looseObject({
  question: z.string(),
  answer: z.union([z.string(), z.number()]).optional(),
  adversarial_answer: z.union([z.string(), z.number()]).optional(),
  evidence: z.array(z.string()),
  category: z.number().int(),
});

const sampleSchema = z.looseObject({ sample_id: z.string().min(1), conversation: conversationSchema, qa: z.array(questionSchema) });

export const locomoSchema = z.array(sampleSchema);

type Sample = z.output<typeof sampleSchema>;
type Turn = z.output<typeof turnSchema>;

/** Validates a parsed LoCoMo document and turns it into episodes and questions. Throws ValidationError naming JSON paths. */
export function parseLocomo(data: unknown, options: { limits?: Partial<Limits>; maxErrors?: number } = {}): LocomoConversation[] {
  const maxErrors = options.maxErrors ?? DEFAULT_MAX_ERRORS;
  const result = locomoSchema.safeParse(data);
  if (!result.success) {
    const issues = result.error.issues.slice(0, maxErrors).map((i) => ({ path: formatPath(i.path) || "(root)", message: i.message }));
    throw new ValidationError(issues, "LoCoMo");
  }
  const schema = episodeSchema(options.limits);
  const issues: Issue[] = [];
  const conversations = result.data.map((sample, index) => {
    const { conversation, paths } = toConversation(sample);
    // The facade's own rules (text size, id length) apply too, reported at the turn's JSON path.
    conversation.episodes.forEach((episode, n) => {
      const checked = schema.safeParse(episode);
      if (checked.success) return;
      for (const i of checked.error.issues) {
        const field = String(i.path[0] ?? "");
        issues.push({ path: `[${index}].conversation.${paths[n]}${field ? `.${TURN_FIELD[field] ?? field}` : ""}`, message: i.message });
      }
    });
    return conversation;
  });
  if (issues.length > 0) throw new ValidationError(issues.slice(0, maxErrors), "LoCoMo");
  return conversations;
}

/** Reads and parses a LoCoMo file. */
export async function readLocomo(path: string, options: { limits?: Partial<Limits>; maxErrors?: number } = {}): Promise<LocomoConversation[]> {
  let data: unknown;
  try {
    data = JSON.parse((await readFile(path, "utf8")).replace(/^\uFEFF/, "")); // editors on Windows add a BOM
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new ValidationError([{ path: "(root)", message: `invalid JSON: ${error.message}` }], path);
  }
  return parseLocomo(data, options);
}

/** A turn's episode id: stable, so a question's evidence names the nodes to find. */
export function locomoEpisodeId(sampleId: string, diaId: string): string {
  return `${sampleId}:${diaId}`;
}

/** The `session_<n>` keys in session order (JSON key order is not to be trusted). */
function sessionKeys(conversation: Record<string, unknown>): { key: string; n: number }[] {
  return Object.keys(conversation)
    .map((key) => ({ key, n: Number(SESSION.exec(key)?.[1]) }))
    .filter((s) => Number.isInteger(s.n))
    .sort((a, b) => a.n - b.n);
}

/** Episode fields named as the LoCoMo turn field they came from. */
const TURN_FIELD: Record<string, string> = { id: "dia_id" };

/** The conversation, and each episode's JSON path in the file ("session_2[5]") for error messages. */
function toConversation(sample: Sample): { conversation: LocomoConversation; paths: string[] } {
  const c = sample.conversation as Record<string, unknown>;
  const episodes: EpisodeInput[] = [];
  const paths: string[] = [];
  for (const { key, n } of sessionKeys(c)) {
    const start = parseLocomoDate(c[`session_${n}_date_time`] as string)!;
    (c[key] as Turn[]).forEach((turn, i) => {
      const caption = turn.blip_caption ?? (turn.img_url?.length ? "an image" : undefined);
      const text = caption === undefined ? turn.text : `${turn.text} [shares a photo: ${caption}]`.trim();
      episodes.push({
        id: locomoEpisodeId(sample.sample_id, turn.dia_id), text, speaker: turn.speaker,
        thread: sample.sample_id, session: key, at: start + i * 1000, // one second apart keeps turn order
        source: { id: sample.sample_id, type: "user" },
        attrs: { diaId: turn.dia_id },
      });
      paths.push(`${key}[${i}]`);
    });
  }
  const known = new Set(episodes.map((e) => e.attrs!["diaId"] as string));
  const questions = sample.qa.map((q) => ({
    question: q.question,
    answer: q.answer === undefined ? null : String(q.answer),
    adversarialAnswer: q.adversarial_answer === undefined ? null : String(q.adversarial_answer),
    evidence: cleanEvidence(q.evidence).filter((id) => known.has(id)),
    category: q.category,
  }));
  const speakers: [string, string] = [sample.conversation.speaker_a, sample.conversation.speaker_b];
  return { conversation: { sampleId: sample.sample_id, speakers, episodes, questions }, paths };
}
