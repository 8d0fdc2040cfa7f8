/**
 * Event segmentation (CompassMem, arXiv 2601.04726, after Event Segmentation Theory): a stream of
 * episodes is cut into events where the situation changes — a new thread or session, a long silence,
 * or a topic shift (the episode shares no entity or keyword with the event so far and its embedding
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
  /** Why this event started: "start", "thread", "session", "gap", "topic", "length". */
  reason: string;
}

export function segmentEpisodes(episodes: readonly SegmentEpisode[], options: SegmentOptions = {}): Segment[] {
  const maxGap = options.maxGapMs ?? 30 * 60_000;
  const shift = options.shiftSimilarity ?? 0.1;
  const lookback = options.lookback ?? 3;
  const minEpisodes = options.minEpisodes ?? 2;
  const maxEpisodes = options.maxEpisodes ?? 10;
  const segments: Segment[] = [];
  let current: Segment | undefined;
  let centroid: Float32Array | undefined;
  episodes.forEach((ep, i) => {
    const prev = episodes[i - 1];
    const reason = !current || !prev ? "start"
      : ep.thread !== prev.thread ? "thread"
      : ep.session !== prev.session ? "session"
      : ep.at - prev.at > maxGap ? "gap"
      : current.episodes.length >= maxEpisodes ? "length"
      : current.episodes.length >= minEpisodes && topicShift(ep, current, episodes, centroid!, shift, lookback) ? "topic"
      : undefined;
    if (reason) {
      current = { episodes: [], reason };
      segments.push(current);
      centroid = new Float32Array(ep.vector.length);
    }
    current!.episodes.push(i);
    for (let j = 0; j < ep.vector.length; j++) centroid![j]! += ep.vector[j]!;
  });
  return segments;
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
