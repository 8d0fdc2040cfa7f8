/**
 * An embedder with no model and no download: feature hashing of words, word bigrams and character
 * n-grams into signed buckets. Deterministic across machines and releases of the same `id`, fast
 * enough to embed on every write, and good enough for lexical retrieval (it knows no synonyms).
 */
import { z } from "zod";
import { ValidationError } from "../errors.js";
import { parseInput } from "../model/validate.js";
import type { Embedder } from "../ports/embedder.js";
import { STOPWORDS as STOP_WORDS } from "../text/stopwords.js";

export interface HashEmbedderOptions {
  /** Vector length, 8..4096 (default 256). More dimensions, fewer collisions. */
  dimensions?: number;
  /** Length of the character n-grams that relate "running" to "runs"; 0 turns them off (default 3). */
  ngrams?: number;
}

const optionsSchema = z.strictObject({
  dimensions: z.number().int().min(8).max(4096).default(256),
  ngrams: z.number().int().min(0).max(6).refine((n) => n !== 1, "must be 0 (off) or 2..6").default(3),
});

/** Bump whenever any change below would move a vector: a database refuses vectors from another id. */
const ALGORITHM = "hash-v1";
const DEFAULT_NGRAMS = 3;

// Words carry the meaning; bigrams add a little word order; n-grams are many per word, so a low weight
// keeps them a bridge between morphological variants instead of swamping the words themselves.
const WORD_WEIGHT = 1;
const BIGRAM_WEIGHT = 0.5;
const NGRAM_WEIGHT = 0.4;

// Separate seeds keep the feature families apart: the word "ing" and the trigram "ing" must not share a bucket.
const WORD_SEED = 0x811c9dc5;
const NGRAM_SEED = 0x9747b28c;
const BIGRAM_SEED = 0x5bd1e995;
const FNV_PRIME = 0x01000193;
// Code units that never occur inside a token, marking where a word begins and ends ("^ru" ≠ "run").
const WORD_START = 0x02;
const WORD_END = 0x03;

const TOKEN = /[\p{L}\p{N}\p{M}]+/gu;
// Scripts written without spaces: each character becomes a token, and the word-bigram features
// then pair neighbours, which is how CJK retrieval is usually done without a dictionary.
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const ALL_ASCII = /^[\x00-\x7f]*$/;
// Only the combining marks Latin, Greek and Cyrillic use as accents. Marks that are letters' vowels
// (Devanagari, Thai) or the kana voicing marks (recombined by NFC below) carry meaning and stay.
const ACCENTS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;

export function hashEmbedder(options?: HashEmbedderOptions): Embedder {
  const { dimensions, ngrams } = parseInput(optionsSchema, options ?? {}, "hashEmbedder");
  const id = ngrams === DEFAULT_NGRAMS ? `${ALGORITHM}:${dimensions}` : `${ALGORITHM}:${dimensions}:ng${ngrams}`;

  // Reused across texts: embedding is synchronous, so no two texts ever share them at once.
  const tokens: string[] = [];
  const features = new FeatureCounts();
  const acc = new Float64Array(dimensions);
  let framed = new Uint16Array(64);

  function embedOne(text: string): Float32Array {
    tokenize(text, tokens);
    let previous: number | undefined;
    for (const token of tokens) {
      if (STOP_WORDS.has(token)) continue;
      const h = fnv1a(token, WORD_SEED);
      features.add(featureKey(h), WORD_WEIGHT);
      // Bigrams skip stop words, so "bank of america" still pairs "bank" with "america".
      if (previous !== undefined) features.add(featureKey(Math.imul(previous, 0x9e3779b1) ^ h ^ BIGRAM_SEED), BIGRAM_WEIGHT);
      previous = h;
      // Digits are not morphology: 2023 and 2024 must not look alike.
      if (ngrams > 0 && token.length >= ngrams && !isDigit(token.charCodeAt(0))) addNgrams(token);
    }
    acc.fill(0);
    features.drainInto(acc);

    let sumSquares = 0;
    for (let i = 0; i < dimensions; i++) sumSquares += acc[i]! * acc[i]!;
    const out = new Float32Array(dimensions);
    if (sumSquares === 0) return out;
    const scale = 1 / Math.sqrt(sumSquares);
    for (let i = 0; i < dimensions; i++) out[i] = acc[i]! * scale;
    return out;
  }

  /** N-grams of the token framed by boundary markers, hashed from a code-unit buffer: no substrings. */
  function addNgrams(token: string): void {
    const length = token.length + 2;
    if (framed.length < length) framed = new Uint16Array(length * 2);
    framed[0] = WORD_START;
    for (let i = 0; i < token.length; i++) framed[i + 1] = token.charCodeAt(i);
    framed[length - 1] = WORD_END;
    for (let start = 0; start + ngrams <= length; start++) {
      let h = NGRAM_SEED;
      for (let i = start; i < start + ngrams; i++) h = Math.imul(h ^ framed[i]!, FNV_PRIME);
      features.add(featureKey(h), NGRAM_WEIGHT);
    }
  }

  return {
    id,
    dimensions,
    async embed(texts, embedOptions) {
      embedOptions?.signal?.throwIfAborted();
      return texts.map((text, i) => {
        if (typeof text !== "string") {
          throw new ValidationError([{ path: `texts[${i}]`, message: "must be a string" }], "hashEmbedder.embed");
        }
        return embedOne(text);
      });
    },
  };
}

/** Lower-cased, accents and compatibility forms folded ("Zürich" → "zurich", "ﬁ" → "fi"), split into tokens. */
function tokenize(text: string, out: string[]): void {
  out.length = 0;
  let folded = text.toLowerCase();
  // Most text is ASCII; normalising it twice would be the single most expensive step for nothing.
  const ascii = ALL_ASCII.test(folded);
  if (!ascii) folded = folded.normalize("NFKD").replace(ACCENTS, "").normalize("NFC").replaceAll("ß", "ss");
  for (const match of folded.matchAll(TOKEN)) {
    const token = match[0];
    if (!ascii && CJK_CHAR.test(token)) splitCjk(token, out);
    else out.push(token);
  }
}

function splitCjk(token: string, out: string[]): void {
  let run = "";
  for (const char of token) {
    if (!CJK_CHAR.test(char)) {
      run += char;
      continue;
    }
    if (run) out.push(run);
    run = "";
    out.push(char);
  }
  if (run) out.push(run);
}

/** FNV-1a over UTF-16 code units: tiny, fast on short strings; `featureKey` fixes its weak low bits. */
function fnv1a(s: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/**
 * Murmur3's finaliser, so every input bit reaches the low bits the bucket index uses. Shifted to 30
 * bits so the key stays a V8 small integer (fast Map keys); bit 0 is the sign, the rest the bucket.
 */
function featureKey(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 2;
}

/**
 * Term frequencies of one text's features, by open addressing over typed arrays: a Map here cost
 * more than all the hashing. On drain each feature lands in its signed bucket with 1 + log(tf).
 */
class FeatureCounts {
  private slots = new Int32Array(1024); // key + 1; 0 marks a free slot
  private tf = new Uint32Array(1024);
  private weight = new Float64Array(1024);
  private filled = new Int32Array(512); // which slots hold a feature, so draining skips the empty ones
  private size = 0;

  add(key: number, weight: number): void {
    const mask = this.slots.length - 1;
    for (let i = key & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i]!;
      if (slot === key + 1) {
        this.tf[i]!++;
        return;
      }
      if (slot === 0) {
        this.slots[i] = key + 1;
        this.tf[i] = 1;
        this.weight[i] = weight;
        this.filled[this.size++] = i;
        if (this.size === this.filled.length) this.grow();
        return;
      }
    }
  }

  drainInto(acc: Float64Array): void {
    const dimensions = acc.length;
    for (let n = 0; n < this.size; n++) {
      const i = this.filled[n]!;
      const key = this.slots[i]! - 1;
      // Sublinear tf: a word said five times is not five times the topic.
      const w = this.weight[i]! * (1 + Math.log(this.tf[i]!));
      acc[(key >>> 1) % dimensions]! += key & 1 ? -w : w;
      this.slots[i] = 0;
    }
    this.size = 0;
  }

  /** Keeps the table at most half full, so probes stay short on long texts. */
  private grow(): void {
    const { slots, tf, weight, filled, size } = this;
    const capacity = slots.length * 2;
    this.slots = new Int32Array(capacity);
    this.tf = new Uint32Array(capacity);
    this.weight = new Float64Array(capacity);
    this.filled = new Int32Array(capacity / 2);
    this.size = 0;
    for (let n = 0; n < size; n++) {
      const i = filled[n]!;
      this.add(slots[i]! - 1, weight[i]!);
      this.tf[this.filled[this.size - 1]!] = tf[i]!;
    }
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
