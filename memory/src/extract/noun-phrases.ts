/**
 * Noun chunks from POS tags: (ADJ)* (NOUN | PROPN)* NOUN within a sentence — the classic shallow
 * "adjective–noun" chunk pattern (Justeson & Katz 1995), without determiners and without dates.
 * Runs of proper nouns alone are entities, not noun phrases.
 */
import { COMMON_WORDS, FILLER } from "./common-words.js";
import type { Tok } from "./tokens.js";

export interface NounChunk {
  text: string;
  first: number;
  last: number;
}

export function findNounChunks(toks: readonly Tok[]): NounChunk[] {
  const out: NounChunk[] = [];
  let i = 0;
  while (i < toks.length) {
    let j = i;
    // Adjectives first, but not the evaluative commonplaces ("good", "next") that name no kind of thing.
    while (j < toks.length && isAdjective(toks[j]!) && sameSentence(toks, i, j)) j++;
    const nounStart = j;
    while (j < toks.length && isNominal(toks[j]!) && sameSentence(toks, i, j)) j++;
    let last = j - 1;
    while (last >= nounStart && toks[last]!.pos !== "NOUN") last--;
    if (last >= nounStart) {
      out.push({ text: text(toks, i, last), first: i, last });
      i = j;
    } else {
      i = Math.max(i + 1, nounStart);
    }
  }
  return out;
}

function isAdjective(t: Tok): boolean {
  return t.pos === "ADJ" && !t.date && !t.stop && !COMMON_WORDS.has(t.lemma);
}

function isNominal(t: Tok): boolean {
  return (t.pos === "NOUN" || t.pos === "PROPN") && !t.date && !FILLER.has(t.normal) && /\p{L}/u.test(t.value);
}

function sameSentence(toks: readonly Tok[], a: number, b: number): boolean {
  return toks[a]!.sentence === toks[b]!.sentence;
}

function text(toks: readonly Tok[], first: number, last: number): string {
  const words: string[] = [];
  for (let i = first; i <= last; i++) words.push(toks[i]!.normal);
  return words.join(" ");
}
