import { z } from "zod";

/**
 * Bi-temporal time, as epoch milliseconds:
 * - world time: `at` (when the thing happened) and the validity window [validFrom, validTo)
 *   in which the fact held in the world;
 * - system time: `recordedAt` (when we first stored it) and `expiredAt` (when we stopped believing it).
 * A contradicted fact is invalidated (validTo set), never deleted, so "what held at T" and
 * "what did we believe at T" both stay answerable.
 */
export interface NodeTime {
  at: number | null;
  validFrom: number | null;
  validTo: number | null;
  recordedAt: number;
  expiredAt: number | null;
}

export type EdgeTime = Omit<NodeTime, "at">;

/** A point of view for reads: which world time and which system time to look from. */
export interface TimeView {
  /** Keep only facts valid at this world time. */
  validAt?: number;
  /** Keep only records we knew at this system time (and had not expired). */
  knownAt?: number;
}

export function validAt(t: { validFrom: number | null; validTo: number | null }, at: number): boolean {
  return (t.validFrom === null || t.validFrom <= at) && (t.validTo === null || t.validTo > at);
}

export function knownAt(t: { recordedAt: number; expiredAt: number | null }, at: number): boolean {
  return t.recordedAt <= at && (t.expiredAt === null || t.expiredAt > at);
}

export function visibleIn(t: EdgeTime, view: TimeView | undefined): boolean {
  if (!view) return true;
  if (view.validAt !== undefined && !validAt(t, view.validAt)) return false;
  if (view.knownAt !== undefined && !knownAt(t, view.knownAt)) return false;
  return true;
}

/**
 * ISO-8601 only: a date ("2024-03-02", read as UTC midnight) or a date-time with a zone ("…T18:00:00Z",
 * "…+01:00"). A zone-less date-time would be read in the machine's local zone, so results would depend on
 * where the code runs: it is refused rather than guessed.
 */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/** Accepts a Date, an ISO-8601 string or epoch ms; always yields epoch ms. */
export const instantSchema = z
  .custom<number | string | Date>((v) => typeof v === "number" || typeof v === "string" || v instanceof Date, {
    message: "time must be epoch milliseconds, an ISO-8601 string or a Date",
  })
  .transform((v, ctx) => {
    const ms = typeof v === "number" ? v : typeof v === "string" ? (ISO_8601.test(v) ? Date.parse(v) : Number.NaN) : v.getTime();
    if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) {
      const shown = typeof v === "string"
        ? `"${v.slice(0, 40)}" is not an ISO-8601 date ("2024-03-02") or date-time with a zone ("2024-03-02T18:00:00Z")`
        : "not a valid time";
      ctx.addIssue({ code: "custom", message: shown });
      return z.NEVER;
    }
    return Math.trunc(ms);
  });

export const timeViewSchema = z.object({ validAt: instantSchema.optional(), knownAt: instantSchema.optional() }).strict();
