import type { Extraction } from "../../ports/extractor.js";

export interface NoteAttributes {
  keywords: string[];
  tags: string[];
  context: string;
}

const MAX_KEYWORDS = 8;

/**
 * A note's attributes without a model: keywords from extraction (A-MEM's rule: specific terms, no
 * speaker names or times), tags from the kinds of things it mentions plus its two strongest keywords,
 * and as context its first sentence — a rule cannot summarise, so it quotes.
 */
export function noteAttributes(text: string, extraction: Extraction | undefined, given: Partial<NoteAttributes> = {}): NoteAttributes {
  const keywords = given.keywords ?? (extraction?.keywords ?? []).slice(0, MAX_KEYWORDS);
  const entityTypes = [...new Set((extraction?.entities ?? []).map((e) => e.type).filter((t) => t !== "other"))];
  const tags = given.tags ?? [...new Set([...entityTypes, ...keywords.slice(0, 2)])];
  const context = given.context ?? firstSentence(text);
  return { keywords, tags, context };
}

/** What A-MEM embeds: content with keywords, tags and context, so evolved attributes move the vector. */
export function embedTextOf(text: string, a: NoteAttributes): string {
  return [text, a.keywords.join(" "), a.tags.join(" "), a.context].filter((s) => s.length > 0).join(" | ");
}

function firstSentence(text: string): string {
  const sentence = /^(.{1,200}?[.!?])(\s|$)/s.exec(text.trim())?.[1] ?? text.trim().slice(0, 200);
  return sentence.replace(/\s+/g, " ");
}

export function attributesOf(attrs: Record<string, unknown>): NoteAttributes {
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  return { keywords: strings(attrs.keywords), tags: strings(attrs.tags), context: typeof attrs.context === "string" ? attrs.context : "" };
}
