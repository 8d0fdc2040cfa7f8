/**
 * The default extractor: no model, deterministic, thousands of short texts per second on one core.
 * wink-nlp (English lite web model) tokenises, tags and lemmatises; chrono-node resolves dates; the
 * passes beside this file turn tags into entities, keywords, noun phrases and relations.
 */
import { z } from "zod";
import { parseInput } from "../model/validate.js";
import type { Extraction, ExtractionInput, Extractor } from "../ports/extractor.js";
import { findDates } from "./dates.js";
import { findEntities } from "./entities.js";
import { entityKey } from "./entity-key.js";
import { rankKeywords } from "./keywords.js";
import { findNounChunks } from "./noun-phrases.js";
import { findRelations } from "./relations.js";
import { readTokens, readWinkEntities } from "./tokens.js";
import { loadNlpRuntime, type NlpRuntime } from "./nlp-runtime.js";

export interface RuleBasedExtractorOptions {
  /** Names known to be people (a conversation's participants); the batch's speakers are always added. */
  people?: readonly string[];
  /** Most keywords per text (default 8). */
  maxKeywords?: number;
}

const optionsSchema = z.strictObject({
  people: z.array(z.string()).optional(),
  maxKeywords: z.number().int().min(0).max(100).default(8),
});

export function ruleBasedExtractor(options: RuleBasedExtractorOptions = {}): Extractor {
  const opts = parseInput(optionsSchema, options, "ruleBasedExtractor");
  const known = keysOf(opts.people ?? []);
  return {
    id: "rule-based:wink-eng-lite",
    async extract(items, extractOptions) {
      extractOptions?.signal?.throwIfAborted();
      const runtime = await loadNlpRuntime();
      // Every speaker of the batch is a person wherever the batch mentions them.
      const people = new Set([...known, ...keysOf(items.flatMap((i) => (i.speaker ? [i.speaker] : [])))]);
      return items.map((item) => extractOne(runtime, item, people, opts.maxKeywords));
    },
  };
}

function extractOne(
  { nlp, chrono }: NlpRuntime,
  item: ExtractionInput,
  people: ReadonlySet<string>,
  maxKeywords: number,
): Extraction {
  const empty: Extraction = { id: item.id, entities: [], keywords: [], dates: [], nounPhrases: [], relations: [] };
  if (!item.text.trim()) return empty;
  const doc = nlp.readDoc(item.text);
  const toks = readTokens(doc, nlp.its, item.text);
  const winkEntities = readWinkEntities(doc, nlp.its);
  const winkDates = winkEntities
    .filter((e) => e.type === "DATE" || e.type === "TIME")
    .map((e): [number, number] => [toks[e.first]!.start, toks[e.last]!.end]);
  // A NaN or infinite `at` is no reference at all: only self-contained dates are kept.
  const dates = findDates(chrono, item.text, Number.isFinite(item.at) ? item.at : undefined, winkDates);
  // Every token inside a date phrase, or inside a wink time entity, is time, not topic.
  for (const t of toks) {
    if (dates.some((d) => t.start < d.end && t.end > d.start)) t.date = true;
  }
  for (const e of winkEntities) {
    if (e.type === "DATE" || e.type === "TIME" || e.type === "DURATION") for (let i = e.first; i <= e.last; i++) toks[i]!.date = true;
  }
  const entities = findEntities(toks, people);
  const chunks = findNounChunks(toks);
  const speakerKey = item.speaker ? entityKey(item.speaker) : undefined;
  // A-MEM's rule: no speaker names among the keywords — any speaker of the batch, not only this one.
  const keywords = rankKeywords(toks, entities, people, maxKeywords);
  return {
    id: item.id,
    entities: dedupe(entities.map(({ name, key, type }) => ({ name, key, type })), (e) => e.key),
    keywords,
    dates: dedupe(dates.map(({ text, at, grain }) => ({ text, at, grain })), (d) => `${d.text}@${d.at}`),
    // A chunk that is just an entity ("Yosemite National Park") is reported once, as the entity.
    nounPhrases: dedupe(chunks.map((c) => c.text), (s) => s).filter((s) => !entities.some((e) => e.key === s)),
    relations: findRelations(toks, entities, chunks, speakerKey || undefined),
  };
}

/** Each name's key, and its first word too: "Sarah Lee" is "Sarah" in casual talk. */
function keysOf(names: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const name of names) {
    const key = entityKey(name);
    if (key) out.add(key);
    const first = key.split(" ")[0];
    if (first && first.length >= 3) out.add(first);
  }
  return out;
}

function dedupe<T>(values: readonly T[], keyOf: (v: T) => string): T[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = keyOf(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
