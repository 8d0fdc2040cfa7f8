/**
 * Event segmentation (CompassMem, arXiv 2601.04726, after Event Segmentation Theory): a stream of
 * episodes is cut into events where the situation changes — a new thread, session or source, a long
 * silence, or a topic shift (the episode shares no entity or keyword with the event so far and its embedding
 * is far from the event's centroid). Pure: no I/O, so it is tested on hand-made streams.
 */
export interface SegmentEpisode {
  id: string;
  at: number;
  thread?: string;
  session?: string;
  vector: Float32Array;
  /** Entity keys and keywords, for the topic-continuity test. */
  terms: readonly string[];
  /**
   * Who provided it. An event holds one source's episodes only: it carries that source's provenance
   * and trust, and erasing a source removes its words from every event (see OpenEvent).
   */
  source?: string;
}

export interface SegmentOptions {
  /** A silence longer than this starts a new event (default 30 minutes). */
  maxGapMs?: number;
  /** Below this cosine to the event centroid, with no shared term, the topic has shifted. */
  shiftSimilarity?: number;
  /** Shared terms with the last few episodes keep the event going. */
  lookback?: number;
  minEpisodes?: number;
  maxEpisodes?: number;
}

export interface Segment {
  episodes: number[];
  /** Why this event started: "start", "thread", "session", "source", "gap", "topic", "length"; "continued" for a stored one. */
  reason: string;
  /** The stored event these episodes extend, and how many it held. */
  continues?: { id: string; episodes: number };
}

/**
 * A thread's latest stored event, which a batch's first episodes of that thread may extend: an
 * agent that writes a turn at a time would otherwise make every turn an event of its own.
 */
export interface OpenEvent {
  id: string;
  session?: string;
  /** Time of its last episode. */
  end: number;
  episodes: number;
  /** Its entities and keywords (the topic test across calls has no centroid: it needs a shared term). */
  terms: readonly string[];
  /**
   * Only episodes of the same source extend it: erasing a source rolls a node back to its last
   * version by another source, and a version extended by two would keep the erased one's words.
   */
  source?: string;
}

export function segmentEpisodes(episodes: readonly SegmentEpisode[], options: SegmentOptions = {}, open: ReadonlyMap<string, OpenEvent> = new Map()): Segment[] {
  const maxGap = options.maxGapMs ?? 30 * 60_000;
  const shift = options.shiftSimilarity ?? 0.1;
  const lookback = options.lookback ?? 3;
  const minEpisodes = options.minEpisodes ?? 2;
  const maxEpisodes = options.maxEpisodes ?? 10;
  const segments: Segment[] = [];
  let current: Segment | undefined;
  let centroid: Float32Array | undefined;
  const seen = new Set<string>();
  episodes.forEach((ep, i) => {
    const prev = episodes[i - 1];
    const held = current?.continues?.episodes ?? 0;
    let reason = !current || !prev ? "start"
      : ep.thread !== prev.thread ? "thread"
      : ep.session !== prev.session ? "session"
      : ep.source !== prev.source ? "source"
      : ep.at - prev.at > maxGap ? "gap"
      : held + current.episodes.length >= maxEpisodes ? "length"
      : current.episodes.length >= minEpisodes && topicShift(ep, current, episodes, centroid!, shift, lookback) ? "topic"
      : undefined;
    // Only a thread's first run in the batch follows its stored events; a later run follows this batch's.
    const stored = (reason === "start" || reason === "thread") && !seen.has(ep.thread ?? "") ? open.get(ep.thread ?? "") : undefined;
    seen.add(ep.thread ?? "");
    const extend = stored !== undefined && continuesEvent(ep, stored, maxGap, maxEpisodes, minEpisodes);
    if (extend) reason = "continued";
    if (reason) {
      current = extend ? { episodes: [], reason, continues: { id: stored.id, episodes: stored.episodes } } : { episodes: [], reason };
      segments.push(current);
      centroid = new Float32Array(ep.vector.length);
    }
    current!.episodes.push(i);
    for (let j = 0; j < ep.vector.length; j++) centroid![j]! += ep.vector[j]!;
  });
  return segments;
}

/** The same tests as within a batch, against what the stored event keeps of itself. */
function continuesEvent(ep: SegmentEpisode, stored: OpenEvent, maxGap: number, maxEpisodes: number, minEpisodes: number): boolean {
  if (ep.source !== stored.source || ep.session !== stored.session || ep.at < stored.end || ep.at - stored.end > maxGap) return false;
  if (stored.episodes >= maxEpisodes) return false;
  return stored.episodes < minEpisodes || ep.terms.some((t) => stored.terms.includes(t));
}

function topicShift(ep: SegmentEpisode, current: Segment, all: readonly SegmentEpisode[], centroid: Float32Array, threshold: number, lookback: number): boolean {
  const recent = current.episodes.slice(-lookback).flatMap((i) => all[i]!.terms);
  if (ep.terms.some((t) => recent.includes(t))) return false;
  return cosine(ep.vector, centroid) < threshold;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    nb += b[i]! * b[i]!;
  }
  return nb === 0 ? 0 : dot / Math.sqrt(nb); // a is a unit vector
}
