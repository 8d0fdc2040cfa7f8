/** LoCoMo's field formats: session dates and the (sometimes malformed) evidence ids. */

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

// "4:05 pm on 2 March, 2024" — the only shape the data set uses; the comma is optional to be lenient.
const DATE = /^\s*(\d{1,2}):(\d{2})\s*([ap])\.?m\.?\s+on\s+(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})\s*$/i;

/**
 * A LoCoMo session date as epoch ms, read as UTC (the data set names no zone, and UTC keeps runs
 * identical on every machine). Undefined when the text is not a real date in that shape.
 */
export function parseLocomoDate(text: string): number | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [, hh, mm, half, dd, monthName, yyyy] = m;
  const month = MONTHS.findIndex((name) => name === monthName!.toLowerCase() || name.slice(0, 3) === monthName!.toLowerCase());
  const hour12 = Number(hh);
  const minute = Number(mm);
  const day = Number(dd);
  const year = Number(yyyy);
  if (month < 0 || hour12 < 1 || hour12 > 12 || minute > 59) return undefined;
  const hour = (hour12 % 12) + (half!.toLowerCase() === "p" ? 12 : 0); // 12 am is midnight, 12 pm noon
  const ms = Date.UTC(year, month, day, hour, minute);
  // Date.UTC rolls 31 June over into July; a date that does not round-trip does not exist.
  if (new Date(ms).getUTCDate() !== day) return undefined;
  return ms;
}

/**
 * Evidence as clean dia_ids. The data set has a few malformed entries ("D8:6; D9:17", "D:11:26",
 * "D30:05", "D9:1 D4:4"): split on `;`, `,` and spaces, drop a stray colon after the D, strip zero
 * padding; anything still not "D<n>:<n>" is dropped. Order kept, duplicates removed.
 */
export function cleanEvidence(evidence: readonly string[]): string[] {
  const out = new Set<string>();
  for (const entry of evidence) {
    for (const token of entry.split(/[;,\s]+/)) {
      const m = /^D:?(\d+):(\d+)$/.exec(token.trim());
      if (m) out.add(`D${Number(m[1])}:${Number(m[2])}`);
    }
  }
  return [...out];
}
