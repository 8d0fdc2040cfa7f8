/**
 * Keywords by salience = tf × rarity × part-of-speech weight, most salient first (A-MEM orders its
 * keywords most → least important and excludes speaker names and times: arXiv 2502.12110, agiresearch/A-mem
 * `analyze_content`). Rarity is 0.3 for a noun in the built-in frequency list (frequent verbs and adjectives are
 * dropped) and grows with length otherwise,
 * a cheap stand-in for IDF that needs no corpus. Entities count as one keyword each ("boa vista").
 */
import { STOPWORDS } from "../text/stopwords.js";
import { COMMON_WORDS, FILLER } from "./common-words.js";
import { DATE_WORDS } from "./date-words.js";
import type { EntitySpan } from "./entities.js";
import type { Tok } from "./tokens.js";

const POS_WEIGHT: Record<string, number> = { PROPN: 1.5, NOUN: 1.2, VERB: 0.8, ADJ: 0.7 };

export function rankKeywords(toks: readonly Tok[], entities: readonly EntitySpan[], excluded: ReadonlySet<string>, limit: number): string[] {
  const score = new Map<string, number>();
  const firstSeen = new Map<string, number>();
  const bump = (word: string, weight: number, at: number) => {
    score.set(word, (score.get(word) ?? 0) + weight);
    if (!firstSeen.has(word)) firstSeen.set(word, at);
  };
  const inEntity = new Uint8Array(toks.length);
  for (const e of entities) {
    for (let i = e.first; i <= e.last; i++) inEntity[i] = 1;
    // The one addressed by name is, in a dialogue, the other speaker.
    if (e.addressed || isExcludedName(e.key, excluded)) continue;
    bump(e.key, POS_WEIGHT.PROPN! * rarity(e.key), e.first);
  }
  for (const t of toks) {
    if (inEntity[t.index] || t.date) continue;
    const weight = POS_WEIGHT[t.pos];
    if (weight === undefined) continue;
    const word = t.pos === "PROPN" ? t.normal : t.lemma;
    if (!isContentWord(word) || t.stop || excluded.has(word)) continue;
    // "get", "awesome": frequent verbs and adjectives say nothing about the topic; frequent nouns still might.
    if (COMMON_WORDS.has(word) && t.pos !== "NOUN") continue;
    bump(word, weight * rarity(word), t.index);
  }
  return [...score.keys()]
    .sort((a, b) => score.get(b)! - score.get(a)! || firstSeen.get(a)! - firstSeen.get(b)!)
    .slice(0, limit);
}

/** A speaker's name, any word of it, or a nickname that begins it ("Val" for "Valentina"). */
function isExcludedName(key: string, excluded: ReadonlySet<string>): boolean {
  if (excluded.has(key) || key.split(" ").some((w) => excluded.has(w))) return true;
  if (key.length < 3 || key.includes(" ")) return false;
  for (const name of excluded) if (name.startsWith(key)) return true;
  return false;
}

function isContentWord(word: string): boolean {
  return (
    word.length >= 3 && /^\p{L}[\p{L}\p{N}'’-]*$/u.test(word) && !STOPWORDS.has(word) && !DATE_WORDS.has(word) && !FILLER.has(word)
  );
}

function rarity(word: string): number {
  if (COMMON_WORDS.has(word)) return 0.3;
  return Math.min(1, 0.5 + word.length / 16);
}
