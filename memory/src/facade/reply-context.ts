import { textAttr, type Attrs } from "../model/node.js";
import { questionSentences } from "../text/questions.js";

/**
 * The episode attribute naming the turn this one probably answers: the turn before it in its
 * thread, when that turn asked something. A reply often means nothing without its question ("Three
 * times a week."); conversation analysis calls the two an adjacency pair. The text index reads the
 * question sentences of the named turn with the episode's own text (contextual document expansion),
 * so a query in the question's words finds the answer as well as the question.
 *
 * The attribute holds the turn's id, not its words: the words stay in the turn they belong to, so
 * erasing or correcting the question reaches every document built from it (the facade re-indexes
 * the replies), and no other node's history keeps a copy.
 */
export const IN_REPLY_TO = "inReplyTo";

/** Long enough for any real question; bounds what one turn adds to its reply's document. */
const MAX_CONTEXT_CHARS = 500;

interface Turn {
  text: string | null;
  attrs: Attrs;
}

/**
 * Whether `episode` can be answering `previous`: `previous` asked something, in the same session
 * (where both name one), and someone else said `episode` (where both name a speaker: threads of
 * unnamed turns, such as an agent's log, count as alternating).
 */
export function answers(previous: Turn, episode: Turn): boolean {
  const [askedIn, answeredIn] = [textAttr(previous.attrs, "session"), textAttr(episode.attrs, "session")];
  if (askedIn !== undefined && answeredIn !== undefined && askedIn !== answeredIn) return false;
  const [asker, answerer] = [textAttr(previous.attrs, "speaker"), textAttr(episode.attrs, "speaker")];
  if (asker !== undefined && asker === answerer) return false;
  return askedOf(previous.text) !== undefined;
}

/** The question sentences of a turn's text, joined and bounded; undefined when it asks nothing. */
export function askedOf(text: string | null): string | undefined {
  const asked = questionSentences(text ?? "").join(" ");
  if (asked.length === 0) return undefined;
  if (asked.length <= MAX_CONTEXT_CHARS) return asked;
  // Never end on the first half of a surrogate pair.
  const cut = /[\uD800-\uDBFF]/.test(asked[MAX_CONTEXT_CHARS - 1]!) ? MAX_CONTEXT_CHARS - 1 : MAX_CONTEXT_CHARS;
  return asked.slice(0, cut);
}
