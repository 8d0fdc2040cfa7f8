/**
 * The time seed channel: the episodes and events whose event time (`time.at`) falls in a window the
 * query names ("last May", "on 8 May, 2023", "two years ago"). Relative phrases are resolved against
 * the conversation's own clock, not the wall clock: by default (reference "latest") against the
 * newest `time.at` among the channel's kinds in the namespace — for a replayed dialogue, "yesterday"
 * is the day before its last session. Reference "now" uses `ctx.now`.
 *
 * Cost: a query without a date word returns at once (a regex, no store call, chrono not even
 * loaded); one with a date costs one findNodes for the reference plus one index range scan per
 * window (the `atRange` filter), run concurrently.
 *
 * Score: a node's best window's specificity, 1 / (1 + ln(width in days)) — a day 1, a week 0.34, a
 * month 0.23, a year 0.15: "on 8 May" says more than "in 2023" — times a centre factor in [0.9, 1]
 * (1 at the window's middle, 0.9 at its edges), so within one window the nodes nearest its middle
 * come first. A window holding more than `scanLimit` nodes is read newest first up to that limit.
 */
import { DATE_GATE } from "../../extract/date-words.js";
// Types only: the module itself (and chrono-node with it) is imported on the first query with a date.
import type { TimeWindow } from "./time-expressions.js";
import type { RetrievalContext } from "../retrieval-context.js";
import type { ScoredItem } from "../scored.js";

export interface TimeSeedOptions {
  /** At most this many seeds, best first. */
  k: number;
  /** Node kinds searched, and whose newest time is the "latest" reference (default episode, event). */
  kinds?: readonly string[];
  /** What relative phrases are resolved against (default "latest"). */
  reference?: "now" | "latest";
  /** Nodes read per window at most (default max(4k, 64), capped at 2000). */
  scanLimit?: number;
}

const DAY = 86_400_000;
const DEFAULT_KINDS = ["episode", "event"] as const;

export async function timeSeeds(ctx: RetrievalContext, options: TimeSeedOptions): Promise<ScoredItem[]> {
  if (options.k <= 0 || !DATE_GATE.test(ctx.query)) return [];
  ctx.signal?.throwIfAborted();
  // Loaded on demand: chrono-node costs a noticeable fraction of a second, which a query without a date never pays.
  const { queryTimeWindows } = await import("./time-expressions.js");
  // First against now, only to learn whether there is a date at all (whether a phrase is a date does not depend on the reference).
  let windows = queryTimeWindows(ctx.query, ctx.now);
  if (windows.length === 0) return [];

  const { graph } = ctx.stores;
  const kinds = [...(options.kinds ?? DEFAULT_KINDS)];
  if ((options.reference ?? "latest") === "latest") {
    const [latest] = await graph.findNodes({ ns: ctx.ns, kinds, view: ctx.view, order: "latest", limit: 1 });
    const reference = latest?.time.at;
    if (reference === undefined || reference === null) return [];
    if (reference !== ctx.now) windows = queryTimeWindows(ctx.query, reference);
  }

  const scanLimit = Math.min(2000, options.scanLimit ?? Math.max(4 * options.k, 64));
  const found = await Promise.all(
    windows.map((w) => graph.findNodes({ ns: ctx.ns, kinds, atRange: { from: w.from, to: w.to }, view: ctx.view, order: "latest", limit: scanLimit })),
  );
  const best = new Map<string, number>();
  found.forEach((nodes, i) => {
    const w = windows[i]!;
    for (const n of nodes) {
      const score = windowScore(w, n.time.at!);
      if (score > (best.get(n.id) ?? 0)) best.set(n.id, score);
    }
  });
  const scored = [...best].map(([id, score]) => ({ id, score }));
  scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return scored.slice(0, options.k).map((s, i) => ({ id: s.id, score: s.score, evidence: {} }));
}

/** Specificity of the window (narrower is higher) times closeness to its middle, in (0, 1]. */
export function windowScore(w: Pick<TimeWindow, "from" | "to">, at: number): number {
  const width = Math.max(w.to - w.from, 1);
  const specificity = 1 / (1 + Math.log(Math.max(width / DAY, 1)));
  const offCentre = Math.min(1, Math.abs(at - (w.from + w.to) / 2) / (width / 2));
  return specificity * (1 - 0.1 * offCentre);
}
