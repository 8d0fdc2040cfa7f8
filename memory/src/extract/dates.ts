/**
 * Dates in a text, resolved against the item's reference time, all in UTC so that results do not
 * depend on the process's time zone. Three sources, most specific first:
 *   1. a few patterns chrono-node 2.10 does not parse: "last May", "in 2023", "last summer";
 *   2. chrono-node's casual English parser ("yesterday", "the week before", "8 May, 2023");
 *   3. wink's DATE entities that neither resolved (a bare "2022").
 * `at` is truncated to the start of its grain (a "month" date is the 1st at 00:00 UTC), so equal
 * dates compare equal whichever phrase produced them.
 */
import type * as Chrono from "chrono-node/en";
import type { ExtractedDate } from "../ports/extractor.js";
import { DATE_GATE, MONTH_INDEX } from "./date-words.js";

export interface DateSpan extends ExtractedDate {
  start: number;
  end: number;
}

type Grain = ExtractedDate["grain"];

const MONTH_NAMES = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
const RELATIVE_MONTH = new RegExp(`\\b(last|next|this)\\s+(${MONTH_NAMES})\\b(?:,?\\s+((?:19|20)\\d\\d)\\b)?`, "gi");
const YEAR = /\b(?:(?:in|since|during|of|from|until|till|by|around|before|after)\s+)?((?:19|20)\d\d)\b(?!\s*(?:am|pm|:|%|[-/.]\d))/gi;
const SEASON = /\b(?:(last|next|this|in|during)\s+)?(spring|summer|autumn|fall|winter)\b(?:\s+(?:of\s+)?((?:19|20)\d\d)\b)?/gi;
/** Northern-hemisphere start months; a season is reported as a "month" date at its start. */
const SEASON_START: Record<string, number> = { spring: 2, summer: 5, autumn: 8, fall: 8, winter: 11 };
/** Words chrono reads as dates that, lower-cased and alone, are usually something else ("may", "sat"). */
const SAFE_LOWERCASE = /^(?:today|tonight|tomorrow|yesterday|january|february|april|june|july|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/;
/** Two fixed references: a phrase that resolves the same against both does not depend on one. */
const PROBES = [Date.UTC(2001, 0, 1), Date.UTC(2013, 6, 15, 12)];

export function findDates(
  chrono: typeof Chrono,
  text: string,
  at: number | undefined,
  winkDateSpans: ReadonlyArray<[number, number]>,
): DateSpan[] {
  if (!DATE_GATE.test(text) && winkDateSpans.length === 0) return [];
  // Longest phrase wins an overlap ("8 May, 2023" over "2023"); on a tie the earlier source does.
  const candidates = [...patternDates(text, at), ...chronoDates(chrono, text, at)];
  for (const [start, end] of winkDateSpans) {
    const span = text.slice(start, end);
    const year = /^(?:19|20)\d\d$/.exec(span);
    if (year) candidates.push({ text: span, start, end, at: Date.UTC(Number(year[0]), 0, 1), grain: "year" });
  }
  const ranked = candidates.map((d, order) => ({ d, order }));
  ranked.sort((a, b) => b.d.end - b.d.start - (a.d.end - a.d.start) || a.order - b.order);
  const found: DateSpan[] = [];
  for (const { d } of ranked) {
    if (found.every((f) => d.end <= f.start || d.start >= f.end)) found.push(d);
  }
  return found.sort((a, b) => a.start - b.start);
}

function patternDates(text: string, at: number | undefined): DateSpan[] {
  const out: DateSpan[] = [];
  const ref = at === undefined ? undefined : new Date(at);
  for (const m of text.matchAll(RELATIVE_MONTH)) {
    const month = MONTH_INDEX.get(m[2]!.toLowerCase().replace(/^(\w{3}).*$/, "$1"))!;
    const explicit = m[3] ? Number(m[3]) : undefined;
    let year = explicit;
    if (year === undefined && ref) {
      const y = ref.getUTCFullYear();
      const rm = ref.getUTCMonth();
      const which = m[1]!.toLowerCase();
      // "last May" is the most recent May before this month; "next May" the first after it.
      year = which === "last" ? (month < rm ? y : y - 1) : which === "next" ? (month > rm ? y : y + 1) : y;
    }
    if (year !== undefined) out.push(span(m, Date.UTC(year, month, 1), "month"));
  }
  for (const m of text.matchAll(SEASON)) {
    const start = SEASON_START[m[2]!.toLowerCase()]!;
    // "fall" alone is usually the verb; a season needs a determiner or a year beside it.
    if (!m[1] && !m[3]) continue;
    let year = m[3] ? Number(m[3]) : undefined;
    if (year === undefined && ref) {
      const y = ref.getUTCFullYear();
      const which = (m[1] ?? "").toLowerCase();
      const begins = (yy: number) => Date.UTC(yy, start, 1);
      const ends = (yy: number) => Date.UTC(yy, start + 3, 1);
      if (which === "last") year = ends(y) <= at! ? y : y - 1;
      else if (which === "next") year = begins(y) > at! ? y : y + 1;
      else year = y;
    }
    if (year !== undefined) out.push(span(m, Date.UTC(year, start, 1), "month"));
  }
  for (const m of text.matchAll(YEAR)) out.push(span(m, Date.UTC(Number(m[1]), 0, 1), "year"));
  return out;
}

function span(m: RegExpMatchArray, at: number, grain: Grain): DateSpan {
  const start = m.index!;
  return { text: m[0], start, end: start + m[0].length, at, grain };
}

function chronoDates(chrono: typeof Chrono, text: string, at: number | undefined): DateSpan[] {
  if (at !== undefined) return chronoAgainst(chrono, text, at);
  // No reference: keep only what reads the same against two unrelated ones ("8 May 2023", not "yesterday").
  const [a, b] = PROBES.map((p) => chronoAgainst(chrono, text, p)) as [DateSpan[], DateSpan[]];
  return a.filter((d) => b.some((e) => e.start === d.start && e.end === d.end && e.at === d.at));
}

function chronoAgainst(chrono: typeof Chrono, text: string, at: number): DateSpan[] {
  const out: DateSpan[] = [];
  for (const r of chrono.parse(text, { instant: new Date(at), timezone: 0 })) {
    const c = r.start;
    if (/^[a-z]+$/.test(r.text) && !SAFE_LOWERCASE.test(r.text)) continue;
    if (looksLikeAWord(text, r.index, r.text)) continue;
    // "for 5 years" is a duration, not the date five years on.
    if (/^for\s/i.test(r.text)) continue;
    // "at 10" is a count as often as a time: an hour alone needs am/pm or minutes to count.
    const hourOnly = c.isCertain("hour") && !c.isCertain("day") && !c.isCertain("weekday");
    if (hourOnly && !c.isCertain("meridiem") && !c.isCertain("minute")) continue;
    const y = c.get("year")!;
    const mo = c.get("month")! - 1;
    const d = c.get("day")!;
    let grain: Grain;
    let instant: number;
    if (c.isCertain("hour")) {
      grain = "time";
      instant = Date.UTC(y, mo, d, c.get("hour")!, c.get("minute") ?? 0);
    } else if (c.isCertain("day") || c.isCertain("weekday") || !c.isCertain("month")) {
      grain = c.isCertain("day") || c.isCertain("weekday") || !c.isCertain("year") ? "day" : "year";
      instant = grain === "year" ? Date.UTC(y, 0, 1) : Date.UTC(y, mo, d);
    } else {
      grain = "month";
      instant = Date.UTC(y, mo, 1);
    }
    // chrono sometimes takes the comma after a phrase ("last Saturday,").
    const phrase = r.text.replace(/[\s,.;:!?]+$/, "");
    out.push({ text: phrase, start: r.index, end: r.index + phrase.length, at: instant, grain });
  }
  return out;
}

/** Lower-case "may", "march", "sat" that open a phrase are verbs unless a date word frames them ("in may", "march 5"). */
const AMBIGUOUS = /^(?:may|march|mar|sat|sun|wed|second|fall)\b/;
const FRAMED_BEFORE = /\b(?:in|on|of|since|until|till|by|early|late|mid|next|last|this|every)\s+$/i;
const DAY_AFTER = /^\s+\d{1,2}(?:st|nd|rd|th)?\b(?!\s*(?:am|pm|:))/i;

function looksLikeAWord(text: string, index: number, phrase: string): boolean {
  const m = AMBIGUOUS.exec(phrase);
  if (!m) return false;
  if (FRAMED_BEFORE.test(text.slice(Math.max(0, index - 12), index))) return false;
  return !DAY_AFTER.test(phrase.slice(m[0].length));
}
