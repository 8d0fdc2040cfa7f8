import { textAttr, type MemoryNode } from "../../model/node.js";
import type { ScoredItem } from "../scored.js";

export interface SpeakerOptions {
  /** How much a memory spoken by someone the query names is raised (≥ 1; 1 changes nothing). */
  boost: number;
}

export interface SpeakerOutcome {
  items: ScoredItem[];
  /** The speakers the query named, among those of the items. */
  named: string[];
}

/**
 * A subject prior for conversational memory: a question that names a speaker ("which novels has Bruno
 * read?") is mostly answered by what that speaker said, while the other side's turns share its words
 * ("Have you read it, Bruno?"). Items whose `attrs.speaker` the query names (`names`) are raised:
 * score + (boost − 1)·|score|, which is score × boost for a positive score and still a raise for a
 * negative one (a reranker's logits, a recency penalty); `evidence.speaker` records the boost on them.
 * The list is re-sorted. A query that names no speaker of the items gets the list back as it was.
 * `nodeOf` gives an item's node; items without one (missing, not visible) keep their score.
 */
export function applySpeaker(
  query: string, items: readonly ScoredItem[], nodeOf: (id: string) => MemoryNode | undefined, o: SpeakerOptions,
): SpeakerOutcome {
  const spoken = items.map((x) => {
    const node = nodeOf(x.id);
    return node ? textAttr(node.attrs, "speaker") : undefined;
  });
  const text = query.normalize("NFC");
  const named = new Set([...new Set(spoken)].filter((s): s is string => s !== undefined && names(text, s.normalize("NFC"))));
  if (named.size === 0 || o.boost === 1) return { items: [...items], named: [...named].sort() };
  const rescored = items.map((x, i) => {
    if (!named.has(spoken[i] ?? "")) return x;
    return { ...x, score: x.score + (o.boost - 1) * Math.abs(x.score), evidence: { ...x.evidence, speaker: { rank: 0, score: o.boost } } };
  });
  rescored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  rescored.forEach((x, i) => {
    if (x.evidence.speaker) x.evidence.speaker.rank = i + 1;
  });
  return { items: rescored, named: [...named].sort() };
}

/**
 * Whether `name` occurs in `text` as a whole word, exactly as written (a name is a proper noun: "Will"
 * is not named by "what will…"): not inside a longer word ("Ann" in "Anna"). Scripts written without
 * spaces between words (Han, kana, Thai) do not make a boundary, so "田中さん" names 田中.
 */
export function names(text: string, name: string): boolean {
  if (name.length === 0) return false;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (!wordCharBefore(text, at) && !wordCharAt(text, at + name.length)) return true;
  }
  return false;
}

const WORD = /^[\p{L}\p{N}\p{M}]$/u;
const UNSPACED = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]$/u;

function isWordChar(c: string): boolean {
  return WORD.test(c) && !UNSPACED.test(c);
}

function wordCharAt(text: string, at: number): boolean {
  if (at >= text.length) return false;
  return isWordChar(String.fromCodePoint(text.codePointAt(at)!));
}

/** The character ending just before `at`, read whole when it is a surrogate pair. */
function wordCharBefore(text: string, at: number): boolean {
  if (at <= 0) return false;
  const low = text.charCodeAt(at - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && at >= 2 ? at - 2 : at - 1;
  return isWordChar(String.fromCodePoint(text.codePointAt(start)!));
}
