import { textAttr, type Attrs } from "../model/node.js";
import { questionSentences } from "../text/questions.js";

/**
 * The episode attribute that holds what a turn is probably answering: the question sentences of the
 * turn before it in its thread. A reply often means nothing without its question ("Three times a
 * week."); conversation analysis calls the two an adjacency pair. The text index reads the attribute
 * with the episode's own text (contextual document expansion), so a query in the question's words
 * finds the answer as well as the question. An attribute, not a hidden index field, so every path
 * that re-indexes a node (update, restore) indexes the same text, and the debugger shows it.
 */
export const IN_REPLY_TO = "inReplyTo";

/** Long enough for any real question; bounds what one turn can add to its neighbour's document. */
const MAX_CONTEXT_CHARS = 500;

interface Turn {
  text: string | null;
  attrs: Attrs;
}

/**
 * The question sentences `previous` asked, when `episode` can be answering them: another speaker
 * (when both are known) in the same session (when both have one). Undefined otherwise.
 */
export function replyContext(previous: Turn | undefined, episode: Turn): string | undefined {
  if (!previous?.text) return undefined;
  const [askedIn, answeredIn] = [textAttr(previous.attrs, "session"), textAttr(episode.attrs, "session")];
  if (askedIn !== undefined && answeredIn !== undefined && askedIn !== answeredIn) return undefined;
  const [asker, answerer] = [textAttr(previous.attrs, "speaker"), textAttr(episode.attrs, "speaker")];
  if (asker !== undefined && asker === answerer) return undefined;
  const asked = questionSentences(previous.text).join(" ");
  return asked.length > 0 ? asked.slice(0, MAX_CONTEXT_CHARS) : undefined;
}
