/**
 * The time windows a query asks about: "last May", "in 2023", "on 8 May, 2023", "yesterday", "the
 * week before", "two years ago" → half-open windows [from, to) in epoch ms UTC, one per phrase, at
 * the phrase's grain. Pure and synchronous; the phrases are found by the extractor's own date finder
 * (extract/dates.ts: its patterns, then chrono-node), so a query and the episodes it is matched
 * against read dates the same way.
 *
 * Grains:
 *   - day: the UTC calendar day ("yesterday", "on 8 May, 2023", "last Saturday"; a clock time too —
 *     an hour is too fine for what a conversation remembers). Vague counts ("a few days ago") get
 *     two days either side.
 *   - weekend: Saturday and Sunday.
 *   - week: seven days counted from the anchor, in the phrase's direction: "last week" and "the week
 *     before" are the seven days before the reference, "two weeks ago" the seven before those, "the
 *     week before June 9" is [June 2, June 9), "next week" the seven days after. "this week" is the
 *     Monday-to-Monday week holding the reference.
 *   - month, season (three months from its first), year: calendar periods.
 *
 * This module imports chrono-node's English parser (~40 ms to load; the whole package, every locale, ~190 ms); callers that may never see a date should import
 * it lazily, after the cheap `mayMentionTime` gate.
 */
import * as chrono from "chrono-node/en";
import { DATE_GATE } from "../../extract/date-words.js";
import { findDates, type DateSpan } from "../../extract/dates.js";

export type TimeGrain = "day" | "weekend" | "week" | "month" | "season" | "year";

export interface TimeWindow {
  /** The phrase as written in the query. */
  text: string;
  /** Inclusive start, epoch ms UTC. */
  from: number;
  /** Exclusive end, epoch ms UTC. */
  to: number;
  grain: TimeGrain;
}

const DAY = 86_400_000;
const WEEK = 7 * DAY;

const SEASON = /\b(?:spring|summer|autumn|fall|winter)\b/i;
const WEEKEND = /\bweekends?\b/i;
const WEEKS = /\bweeks?\b/i;
const THIS_WEEK = /^(?:this|the\s+current)\s+week$/i;
/** A week phrase that looks ahead of its anchor ("next week", "the week after", "in two weeks"). */
const FORWARD = /^in\s|\b(?:next|after|from\s+now|later|coming)\b/i;
const VAGUE = /\b(?:few|couple|several)\b/i;

/** Cheap gate (a regex): false means the query names no date and `queryTimeWindows` would return []. */
export function mayMentionTime(query: string): boolean {
  return DATE_GATE.test(query);
}

/**
 * Each date phrase of `query` as a window, resolved against `reference` (epoch ms: the "today" of
 * relative phrases). In query order; phrases resolving to the same window are reported once.
 */
export function queryTimeWindows(query: string, reference: number): TimeWindow[] {
  if (!Number.isFinite(reference) || !mayMentionTime(query)) return [];
  const out: TimeWindow[] = [];
  const seen = new Set<string>();
  for (const span of findDates(chrono, query, reference, [])) {
    const window = windowOf(span, reference);
    const key = `${window.from}:${window.to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(window);
  }
  return out;
}

function windowOf(d: DateSpan, reference: number): TimeWindow {
  const text = d.text;
  const at = new Date(d.at);
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  switch (d.grain) {
    case "year":
      return { text, from: Date.UTC(y, 0, 1), to: Date.UTC(y + 1, 0, 1), grain: "year" };
    case "month":
      if (SEASON.test(text)) return { text, from: Date.UTC(y, m, 1), to: Date.UTC(y, m + 3, 1), grain: "season" };
      return { text, from: Date.UTC(y, m, 1), to: Date.UTC(y, m + 1, 1), grain: "month" };
    case "day":
    case "time": {
      const day = Math.floor(d.at / DAY) * DAY;
      if (WEEKEND.test(text)) {
        // 1970-01-01 was a Thursday: (days + 4) % 7 is the weekday, 0 = Sunday.
        const weekday = (((Math.floor(d.at / DAY) + 4) % 7) + 7) % 7;
        const saturday = weekday === 0 ? day - DAY : day + ((6 - weekday) % 7) * DAY;
        return { text, from: saturday, to: saturday + 2 * DAY, grain: "weekend" };
      }
      if (WEEKS.test(text)) {
        if (THIS_WEEK.test(text.trim())) {
          const refDay = Math.floor(reference / DAY);
          const monday = (refDay - ((refDay + 3) % 7 + 7) % 7) * DAY;
          return { text, from: monday, to: monday + WEEK, grain: "week" };
        }
        return FORWARD.test(text)
          ? { text, from: day - WEEK, to: day, grain: "week" }
          : { text, from: day, to: day + WEEK, grain: "week" };
      }
      if (VAGUE.test(text)) return { text, from: day - 2 * DAY, to: day + 3 * DAY, grain: "day" };
      return { text, from: day, to: day + DAY, grain: "day" };
    }
  }
}
