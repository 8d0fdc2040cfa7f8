/**
 * One canonical key per entity, shared by every extractor so that "Dr. Okafor" (rule-based) and
 * "Okafor" (an LLM) land on the same node. Folding: Unicode NFKD without combining marks, lower case,
 * possessive and punctuation dropped, leading honorifics and "the" stripped — but never the last word,
 * so a bare "Dr." yields "dr" rather than nothing.
 */

/** Honorifics and role words that precede a name without being part of it. */
const TITLES = new Set(
  (
    "dr doctor mr mrs ms miss mx prof professor sir dame lord lady rev reverend fr capt captain coach officer " +
    "sgt lt col gen judge president pres senator sen rep gov governor mayor aunt auntie uncle grandma grandpa"
  ).split(" "),
);
const SUFFIXES = new Set(["jr", "sr"]);

export function entityKey(name: string): string {
  const words = name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    // "Okafor's" and "O'Brien": an apostrophe joins, it never separates.
    .replace(/['’]s\b/g, "")
    .replace(/['’]/g, "")
    .split(/[^\p{L}\p{N}&]+/u)
    .filter((w) => w !== "");
  let start = 0;
  let end = words.length;
  while (end - start > 1 && (TITLES.has(words[start]!) || words[start] === "the")) start++;
  while (end - start > 1 && SUFFIXES.has(words[end - 1]!)) end--;
  return words.slice(start, end).join(" ");
}
