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

/** Accepts a Date, an ISO-8601 string or epoch ms; always yields epoch ms. */
export const instantSchema = z.union([
  z.number().int("time must be whole epoch milliseconds").min(-8.64e15).max(8.64e15),
  z.date().transform((d, ctx) => {
    const ms = d.getTime();
    if (Number.isNaN(ms)) ctx.addIssue({ code: "custom", message: "invalid Date" });
    return ms;
  }),
  z.string().transform((s, ctx) => {
    const ms = Date.parse(s);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: "custom", message: `"${s.slice(0, 40)}" is not an ISO-8601 date-time` });
      return z.NEVER;
    }
    return ms;
  }),
]);

export const timeViewSchema = z.object({ validAt: instantSchema.optional(), knownAt: instantSchema.optional() }).strict();
