/** Words that name or measure time. They are dates' material, never keywords (A-MEM's rule). */
const MONTHS = [
  "january", "february", "march", "april", "may", "june",
  "july", "august", "september", "october", "november", "december",
];
const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

export const MONTH_INDEX: ReadonlyMap<string, number> = new Map(
  MONTHS.flatMap((m, i) => [[m, i], [m.slice(0, 3), i]] as Array<[string, number]>).concat([["sept", 8]]),
);

export const DATE_WORDS: ReadonlySet<string> = new Set([
  ...MONTHS,
  ...WEEKDAYS,
  ..."today tonight tomorrow yesterday day days week weeks weekend weekends month months year years decade " +
    "ago morning afternoon evening night noon midnight spring summer autumn fall winter hour hours minute minutes " +
    "time times date moment past future recently lately soon"
      .split(" "),
]);

/**
 * A cheap gate: chrono costs ~40 µs per text, so it runs only where a date could be. Bare "last",
 * "this" and "before" are left out on purpose — they date nothing without one of these words beside them.
 */
export const DATE_GATE =
  /\b(?:yesterday|today|tonight|tomorrow|ago|weeks?|weekends?|months?|years?|days?|morning|afternoon|evening|night|noon|midnight|spring|summer|autumn|fall|winter|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|(?:mon|tues?|wednes|thur?s?|fri|satur|sun)(?:day)?|\d{1,2}\s*(?:am|pm)|\d{1,2}:\d\d|(?:19|20)\d\d|\d{1,2}[/.-]\d{1,2})\b/i;
