/**
 * Named entities without a gazetteer: runs of proper nouns (wink's PROPN tags, plus capitalised
 * nouns inside a run, "Yosemite National Park"), joined over "of"/"&" ("University of Lagos"), typed by
 * cheap local cues — a title or kin word before the name, a speaker of the batch, an organisation or place
 * suffix, a place preposition or motion verb before it, an event noun after it. No cue, no guess: "other".
 */
import type { EntityType, ExtractedEntity } from "../ports/extractor.js";
import { DATE_WORDS } from "./date-words.js";
import { entityKey } from "./entity-key.js";
import type { Tok } from "./tokens.js";

export interface EntitySpan extends ExtractedEntity {
  first: number;
  last: number;
  /** Named in address ("Thanks, Ines!"): in a dialogue, the other speaker. */
  addressed?: boolean;
}

const TITLE = /^(?:dr|doctor|mr|mrs|ms|miss|mx|prof|professor|sir|dame|rev|coach|aunt|auntie|uncle|grandma|grandpa)\.?$/;
const KIN = new Set(
  ("friend friends sister brother mom mother mum dad father son daughter wife husband partner boyfriend girlfriend " +
    "cousin aunt uncle grandma grandpa grandmother grandfather niece nephew colleague coworker boss neighbor " +
    "neighbour roommate teacher mentor therapist doctor kid kids child baby fiance fiancee bestie buddy pal").split(" "),
);
const GREETING = new Set("hey hi hello thanks thank congrats congratulations bye dear yo welcome sorry".split(" "));
const SOCIAL_VERBS = new Set("meet call text tell ask thank hug marry date invite help email message".split(" "));
const MOTION_VERBS = new Set("visit travel fly move drive go head return relocate".split(" "));
const PLACE_PREPOSITIONS = new Set(["in", "near", "around", "across", "throughout", "at", "on", "outside", "inside"]);
const ORG_SUFFIX = new Set(
  ("inc corp corporation company co ltd llc plc gmbh university college school academy institute association " +
    "foundation society club bank group agency department ministry council church team labs lab records press " +
    "airlines studios studio network federation union committee party").split(" "),
);
const PLACE_SUFFIX = new Set(
  ("street st avenue ave road rd boulevard lane park lake river mountain mountains mount mt island islands beach " +
    "bay city county valley hills hill square airport station museum stadium center centre canyon forest coast " +
    "falls springs village town state province kingdom republic bridge harbor harbour gulf sea ocean desert").split(" "),
);
const WORK_WORDS = new Set("work intern volunteer job internship employ hire".split(" "));
const EVENT_NOUNS = new Set(
  "parade festival concert conference party wedding marathon race fair expo summit tournament championship show ceremony march rally".split(" "),
);
const EVENT_NAMES = new Set(
  "christmas thanksgiving easter halloween hanukkah diwali ramadan eid passover pride olympics".split(" "),
);

export function findEntities(toks: readonly Tok[], people: ReadonlySet<string>): EntitySpan[] {
  const out: EntitySpan[] = [];
  for (let i = 0; i < toks.length; i++) {
    const quoted = quotedTitle(toks, i);
    if (quoted) {
      out.push(quoted);
      i = quoted.last;
      continue;
    }
    if (!startsRun(toks, i)) continue;
    let last = i;
    for (let j = i + 1; j < toks.length && toks[j]!.sentence === toks[i]!.sentence; j++) {
      const t = toks[j]!;
      if (continuesRun(t)) last = j;
      else if (/^(?:of|&|de|del|la|van|von)$/.test(t.normal) && toks[j + 1] && continuesRun(toks[j + 1]!)) continue;
      else break;
    }
    // A title alone before the run ("Dr.") is folded into the name but not the key.
    const from = i > 0 && TITLE.test(toks[i - 1]!.normal) && toks[i - 1]!.capitalized ? i - 1 : i;
    const name = surface(toks, from, last);
    const key = entityKey(name);
    if (key && !DATE_WORDS.has(key)) {
      const span: EntitySpan = { name, key, type: typeOf(toks, from, last, key, people), first: from, last };
      if (isVocative(toks, from, last)) span.addressed = true;
      out.push(span);
    }
    i = last;
  }
  return out;
}

const OPEN_QUOTE = /^["“]$/;
const CLOSE_QUOTE = /^["”]$/;

/** A capitalised title in quotes ("Charlotte's Web") is one thing — a book, a film, a song — whatever its words. */
function quotedTitle(toks: readonly Tok[], i: number): EntitySpan | undefined {
  if (!OPEN_QUOTE.test(toks[i]!.value) || !toks[i + 1]?.capitalized) return undefined;
  for (let j = i + 2; j < toks.length && j <= i + 10; j++) {
    if (!CLOSE_QUOTE.test(toks[j]!.value)) continue;
    const name = surface(toks, i + 1, j - 1);
    const key = entityKey(name);
    return key ? { name, key, type: "thing", first: i + 1, last: j - 1 } : undefined;
  }
  return undefined;
}

function startsRun(toks: readonly Tok[], i: number): boolean {
  const t = toks[i]!;
  return t.pos === "PROPN" && !t.date && /\p{L}/u.test(t.value) && !DATE_WORDS.has(t.normal);
}

function continuesRun(t: Tok): boolean {
  if (t.date || DATE_WORDS.has(t.normal)) return false;
  return t.pos === "PROPN" || (t.capitalized && (t.pos === "NOUN" || t.pos === "ADJ"));
}

function surface(toks: readonly Tok[], first: number, last: number): string {
  let s = toks[first]!.value;
  for (let i = first + 1; i <= last; i++) s += (toks[i]!.start > toks[i - 1]!.end ? " " : "") + toks[i]!.value;
  return s;
}

function typeOf(toks: readonly Tok[], first: number, last: number, key: string, people: ReadonlySet<string>): EntityType {
  const words = key.split(" ");
  const head = words[words.length - 1]!;
  // "visited the Louvre": an article says nothing about the type; look past it.
  const skip = toks[first - 1]?.pos === "DET" ? 1 : 0;
  const prev = toks[first - 1 - skip];
  const prev2 = toks[first - 2 - skip];
  const next = toks[last + 1];
  if (people.has(key) || TITLE.test(toks[first]!.normal)) return "person";
  if (EVENT_NAMES.has(words[0]!) || (next && EVENT_NOUNS.has(next.lemma))) return "event";
  if (ORG_SUFFIX.has(head) || words[0] === "university" || words[0] === "bank") return "organization";
  // Suffixes first: "Ines Street" is a street even when Ines speaks.
  if (PLACE_SUFFIX.has(head) || words[0] === "lake" || words[0] === "mount") return "place";
  if (people.has(words[0]!)) return "person";
  if (prev && KIN.has(prev.normal)) return "person";
  if (isVocative(toks, first, last)) return "person";
  if (prev && SOCIAL_VERBS.has(prev.lemma) && prev.pos === "VERB") return "person";
  // "went to the UNESCO heritage office": the name modifies a noun, so cues before it type the office.
  if (next?.pos === "NOUN" && !next.capitalized) return "other";
  // "works at Google", "volunteers for Oxfam": an employer, not a place.
  if ((prev?.normal === "at" || prev?.normal === "for") && prev2 && WORK_WORDS.has(prev2.lemma)) return "organization";
  if (prev && PLACE_PREPOSITIONS.has(prev.normal)) return "place";
  // "she's from Sweden": origin; "a gift from Jo" stays untyped.
  if (prev?.normal === "from" && prev2?.lemma === "be") return "place";
  const verb = prev?.pos === "ADP" ? prev2 : prev;
  if (verb?.pos === "VERB" && MOTION_VERBS.has(verb.lemma)) return "place";
  // Two or three capitalised words with no other cue are, in conversation, most often a full name.
  if (words.length >= 2 && words.length <= 3 && last - first + 1 === words.length) return "person";
  return "other";
}

/** "Hey Val!", "Thanks, Ines!", "Great job, Ines!": a greeting before, or commas and an end around. */
function isVocative(toks: readonly Tok[], first: number, last: number): boolean {
  const prev = toks[first - 1];
  const before = prev?.normal === "," ? toks[first - 2] : prev;
  if (before && GREETING.has(before.normal)) return true;
  const next = toks[last + 1];
  return prev?.normal === "," && (next === undefined || /^[!?.]$/.test(next.normal));
}
