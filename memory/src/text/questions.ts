/** A sentence ends at . ! ? or …, then any closing quotes or brackets, then whitespace; a question ends with "?" and those. */
const SENTENCE_BREAK = /(?<=[.!?…]["'”’)\]]*)\s+/;
const QUESTION_END = /\?["'”’)\]]*$/;

/** The sentences of `text` that ask something, in order. */
export function questionSentences(text: string): string[] {
  return text.split(SENTENCE_BREAK).map((s) => s.trim()).filter((s) => QUESTION_END.test(s));
}
