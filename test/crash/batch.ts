/**
 * The batches the crash-safety child writes and the parent checks: both sides derive every id, text
 * and thread from (run, batch number) alone, so the parent knows exactly what a batch must contain.
 */
import type { EpisodeInput } from "@hippograph/memory";
import { mulberry32, pick } from "../bench/synthetic.js";

export const BATCH_SIZE = 200;
/** Each run writes its own threads, so the first present batch of a run starts them (no `next` edge in). */
export const THREADS_PER_RUN = 4;
/** Batch numbers of run r are RUN_STRIDE * r + 0, 1, 2, …: ids never collide across runs. */
export const RUN_STRIDE = 1000;
/** The child gives up (and exits non-zero) after this many batches; the parent always kills it long before. */
export const MAX_BATCHES_PER_RUN = 500;
/**
 * Exact vector search on both sides. This test is about what survives in SQLite; HNSW is an
 * approximate cache over it (a self-query misses about 0.05% of the time) and its own recovery after a
 * crash is tested in memory/src/store/embedded/vector-index.test.ts.
 */
export const MEMORY_OPTIONS = { annThreshold: 1_000_000 } as const;

const STEMS = (
  "harbor lantern meadow copper violet thunder pebble orchard compass velvet glacier ember falcon willow saffron " +
  "quartz tundra maple cobalt juniper canyon marble prairie cedar lagoon"
).split(" ");
// 625 compound words, so that the hash vectors of different episodes are spread out, not near-duplicates.
const WORDS = STEMS.flatMap((a) => STEMS.map((b) => `${a}${b}`));

/** A word that occurs in every episode of batch k and nowhere else. */
export function batchToken(k: number): string {
  return `batchtoken${k}`;
}

export function episodeId(k: number, i: number): string {
  return `b${k}-${i}`;
}

export function batchIds(k: number): string[] {
  return Array.from({ length: BATCH_SIZE }, (_, i) => episodeId(k, i));
}

export function episodeText(k: number, i: number): string {
  const rng = mulberry32(k * 7919 + i);
  const words = Array.from({ length: 8 }, () => pick(rng, WORDS));
  return `Episode ${i} of ${batchToken(k)}: ${words.join(" ")} item${k}x${i}.`;
}

export function batchEpisodes(run: number, k: number): EpisodeInput[] {
  return Array.from({ length: BATCH_SIZE }, (_, i) => ({
    id: episodeId(k, i),
    text: episodeText(k, i),
    thread: `run${run}-thread${i % THREADS_PER_RUN}`,
    attrs: { batch: k },
  }));
}
