import { textAttr } from "../../model/node.js";
import type { RetrievedItem, ScoredItem } from "../scored.js";

export interface SpeakerOptions {
  /** Score multiplier (≥ 1) for a memory spoken by someone the query names. */
  boost: number;
}

export interface SpeakerOutcome {
  items: ScoredItem[];
  /** The speakers the query named, among those of the items. */
  named: string[];
}

/**
 * A subject prior for conversational memory: a question that names a speaker ("What books has John
 * read?") is mostly answered by what that speaker said, while the other side's turns share its words
 * ("Have you read it, John?"). Items whose `attrs.speaker` the query names as a whole word, exactly as
 * written (a name is a proper noun: "Will" is not "will"), have their score multiplied by `boost`;
 * the list is re-sorted. A query that names no speaker of the items leaves the order as it was.
 */
export function applySpeaker(query: string, items: readonly RetrievedItem[], o: SpeakerOptions): SpeakerOutcome {
  const speakers = new Set<string>();
  for (const x of items) {
    const s = textAttr(x.node.attrs, "speaker");
    if (s !== undefined) speakers.add(s);
  }
  const named = new Set([...speakers].filter((s) => names(query, s)));
  const rescored = items.map((x) => {
    const factor = named.has(textAttr(x.node.attrs, "speaker") ?? "") ? o.boost : 1;
    const { node: _node, ...rest } = x;
    return { ...rest, score: x.score * factor, evidence: { ...x.evidence, speaker: { rank: 0, score: factor } } };
  });
  rescored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  rescored.forEach((x, i) => (x.evidence.speaker!.rank = i + 1));
  return { items: rescored, named: [...named].sort() };
}

/** Whether `name` occurs in `text` as a whole word: not inside a longer word ("Ann" in "Anna"). */
function names(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (!wordChar(text, at - 1) && !wordChar(text, at + name.length)) return true;
  }
  return false;
}

const WORD = /[\p{L}\p{N}\p{M}]/u;

function wordChar(text: string, at: number): boolean {
  if (at < 0 || at >= text.length) return false;
  return WORD.test(String.fromCodePoint(text.codePointAt(at)!));
}
