/**
 * Subject–verb–object triples from POS patterns, the shallow open-IE of ReVerb (Fader et al. 2011)
 * cut down: within one clause, a nominal (entity, noun chunk, or "I" when the speaker is known) directly
 * before a verb — auxiliaries, adverbs and "not" may sit between — and the first nominal after it.
 * The predicate is the verb's lemma plus any particles or prepositions before the object ("go to",
 * "sign up for"). Endpoints are entity keys where an entity matched, else the noun chunk.
 */
import type { ExtractedRelation } from "../ports/extractor.js";
import type { EntitySpan } from "./entities.js";
import type { NounChunk } from "./noun-phrases.js";
import type { Tok } from "./tokens.js";

/** Ends a clause: a subject never reaches across these. */
const BOUNDARY_POS = new Set(["PUNCT", "CCONJ", "SCONJ"]);
const BETWEEN_SUBJECT_AND_VERB = new Set(["AUX", "ADV", "PART"]);
const NEGATIONS = new Set(["not", "n't", "never", "no", "nt", "n’t"]);
const BEFORE_OBJECT = new Set(["DET", "ADJ", "NUM", "ADV", "PRON", "ADP", "PART"]);

interface Nominal {
  first: number;
  last: number;
  label: string;
}

export function findRelations(
  toks: readonly Tok[],
  entities: readonly EntitySpan[],
  chunks: readonly NounChunk[],
  speakerKey: string | undefined,
): ExtractedRelation[] {
  const at = new Array<Nominal | undefined>(toks.length);
  const mark = (n: Nominal) => {
    for (let i = n.first; i <= n.last; i++) at[i] ??= n;
  };
  // An entity names its chunk unless the chunk goes on past it: "Boa Vista" is the entity, but
  // "the UNESCO heritage office" is an office, not "unesco".
  const inEntity = new Uint8Array(toks.length);
  for (const e of entities) for (let i = e.first; i <= e.last; i++) inEntity[i] = 1;
  for (const c of chunks) if (!inEntity[c.last]) mark({ first: c.first, last: c.last, label: c.text });
  for (const e of entities) mark({ first: e.first, last: e.last, label: e.key });
  if (speakerKey) {
    for (const t of toks) if (t.pos === "PRON" && t.lemma === "i") mark({ first: t.index, last: t.index, label: speakerKey });
  }

  const out: ExtractedRelation[] = [];
  const seen = new Set<string>();
  for (const verb of toks) {
    if (verb.pos !== "VERB") continue;
    const subject = subjectBefore(toks, at, verb.index);
    if (!subject || negated(toks, subject.last + 1, verb.index)) continue;
    const found = objectAfter(toks, at, verb.index);
    if (!found || found.object.label === subject.label) continue;
    const predicate = [verb.lemma, ...found.particles].join(" ");
    const key = `${subject.label}\u0000${predicate}\u0000${found.object.label}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ subject: subject.label, predicate, object: found.object.label });
  }
  return out;
}

/** "I didn't go to the party" states no relation; dropping it beats asserting its opposite. */
function negated(toks: readonly Tok[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (NEGATIONS.has(toks[i]!.normal)) return true;
  return false;
}

function subjectBefore(toks: readonly Tok[], at: ReadonlyArray<Nominal | undefined>, v: number): Nominal | undefined {
  for (let i = v - 1; i >= 0 && toks[i]!.sentence === toks[v]!.sentence; i--) {
    if (at[i]) return at[i];
    const t = toks[i]!;
    // "to survey": an infinitive has no subject of its own here.
    if (t.pos === "PART" && t.normal === "to") return undefined;
    if (!BETWEEN_SUBJECT_AND_VERB.has(t.pos)) return undefined;
  }
  return undefined;
}

function objectAfter(
  toks: readonly Tok[],
  at: ReadonlyArray<Nominal | undefined>,
  v: number,
): { object: Nominal; particles: string[] } | undefined {
  const particles: string[] = [];
  for (let i = v + 1; i < toks.length && toks[i]!.sentence === toks[v]!.sentence; i++) {
    const t = toks[i]!;
    if (at[i] && !(t.pos === "PRON")) return { object: at[i]!, particles };
    if (BOUNDARY_POS.has(t.pos) || t.pos === "VERB" || t.pos === "AUX") return undefined;
    if (!BEFORE_OBJECT.has(t.pos)) return undefined;
    // Only the particles right after the verb belong to the predicate ("sign up for"), not "a".
    if ((t.pos === "ADP" || (t.pos === "PART" && t.normal !== "not")) && particles.length === i - v - 1) particles.push(t.normal);
  }
  return undefined;
}
