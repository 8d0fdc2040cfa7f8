/**
 * A flat, plain-object view of one wink document: everything later passes need per token, read from
 * wink once. Character offsets are recovered by scanning the original text, so date spans found by
 * chrono (which works on characters) and wink's token spans can be compared.
 */
import type { Document, ItemEntity, ItemSentence, ItsFunction, ItsHelpers } from "wink-nlp";

export interface Tok {
  index: number;
  value: string;
  normal: string;
  lemma: string;
  pos: string;
  start: number;
  end: number;
  sentence: number;
  /** Starts with an upper-case letter ("Vista", "UNESCO"). */
  capitalized: boolean;
  stop: boolean;
  /** Inside a date expression; set by the date pass, read by every later pass. */
  date: boolean;
}

export interface WinkEntity {
  type: string;
  first: number;
  last: number;
}

/** "I'm", "you're": wink keeps these whole and tags them PROPN; they are pronouns. */
const CONTRACTED_PRONOUN = /^(i|you|we|they|he|she|it|that|there|what|who)['’](m|re|ve|ll|d|s)$/;

export function readTokens(doc: Document, its: ItsHelpers, text: string): Tok[] {
  // wink's typings mis-declare some helpers (lemma); each column is read once and cast.
  const column = <T>(f: unknown) => doc.tokens().out(f as ItsFunction<T>) as T[];
  const values = column<string>(its.value);
  const normals = column<string>(its.normal);
  const lemmas = column<string>(its.lemma);
  const tags = column<string>(its.pos);
  const stops = column<boolean>(its.stopWordFlag);
  const sentenceOf = new Int32Array(values.length);
  let s = 0;
  doc.sentences().each((sentence: ItemSentence) => {
    const [first, last] = sentence.out(its.span) as unknown as [number, number];
    for (let i = first; i <= last; i++) sentenceOf[i] = s;
    s++;
  });
  const out: Tok[] = [];
  let cursor = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    const found = text.indexOf(value, cursor);
    const start = found === -1 ? cursor : found;
    cursor = start + (found === -1 ? 0 : value.length);
    const normal = normals[i]!;
    const contracted = CONTRACTED_PRONOUN.test(normal);
    out.push({
      index: i,
      value,
      normal,
      lemma: contracted ? normal.replace(/['’].*$/, "") : lemmas[i]!,
      pos: contracted ? "PRON" : tags[i]!,
      start,
      end: start + value.length,
      sentence: sentenceOf[i]!,
      capitalized: /^\p{Lu}/u.test(value),
      stop: stops[i]! || contracted,
      date: false,
    });
  }
  return out;
}

export function readWinkEntities(doc: Document, its: ItsHelpers): WinkEntity[] {
  const out: WinkEntity[] = [];
  doc.entities().each((e: ItemEntity) => {
    const [first, last] = e.out(its.span) as unknown as [number, number];
    out.push({ type: e.out(its.type) as string, first, last });
  });
  return out;
}
