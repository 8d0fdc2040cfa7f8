/** Sentence-final punctuation; a run of it ends a sentence when whitespace or the end of the text follows. */
const ENDERS = new Set([".", "!", "?", "…", "？", "！", "。"]);
/** Full-width marks end a sentence by themselves: scripts written without spaces put none after them. */
const FULL_WIDTH = new Set(["？", "！", "。"]);
const QUESTION_MARKS = new Set(["?", "？"]);
/** Closing quotes and brackets may stand between the punctuation and the space: `she asked "why?" and left`. */
const CLOSERS = new Set(['"', "'", "”", "’", ")", "]", "»"]);
/** A period after these is not the end of a sentence ("Did Dr. Lee call?"). */
const ABBREVIATIONS = new Set(["mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "vs", "etc", "e.g", "i.e", "approx", "no"]);

/**
 * The sentences of `text` that ask something, in order: those whose final punctuation includes a
 * question mark. One left-to-right pass, so its cost is linear in the text's length whatever the
 * punctuation (a regular expression with a lookbehind over runs of quotes was quadratic).
 */
export function questionSentences(text: string): string[] {
  const asked: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    if (!ENDERS.has(text[i]!)) {
      i++;
      continue;
    }
    let end = i;
    let question = false;
    let fullWidth = false;
    for (; end < text.length && ENDERS.has(text[end]!); end++) {
      if (QUESTION_MARKS.has(text[end]!)) question = true;
      if (FULL_WIDTH.has(text[end]!)) fullWidth = true;
    }
    while (end < text.length && CLOSERS.has(text[end]!)) end++;
    const breaks = end === text.length || fullWidth || /\s/.test(text[end]!);
    if (breaks && !(text[i] === "." && end === i + 1 && abbreviated(text, start, i))) {
      const sentence = text.slice(start, end).trim();
      if (question && sentence.length > 0) asked.push(sentence);
      start = end;
    }
    i = end;
  }
  return asked;
}

/** Whether the word before the period at `dot` is an abbreviation or a single letter (an initial). */
function abbreviated(text: string, from: number, dot: number): boolean {
  let w = dot;
  while (w > from && !/\s/.test(text[w - 1]!)) w--;
  const word = text.slice(w, dot).replace(/^[("'“‘]+/, "").toLowerCase();
  return ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word);
}
