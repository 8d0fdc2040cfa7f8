/**
 * What the HTTP model clients (embeddings, chat) share: full-jitter exponential backoff, `Retry-After`
 * honoured but capped, abortable sleeps, and readable messages out of servers' error bodies.
 */
import { setTimeout as delay } from "node:timers/promises";

const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 10_000;
const RETRY_AFTER_MAX_MS = 30_000;

/** Full jitter halves the chance that clients which failed together retry together. */
export function backoff(attempt: number): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return ceiling * (0.5 + Math.random() * 0.5);
}

/** `Retry-After` as seconds or an HTTP date, capped so a confused server cannot stall us for hours. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
  if (Number.isNaN(ms)) return undefined;
  return Math.min(RETRY_AFTER_MAX_MS, Math.max(0, ms));
}

/** Suffix for a final failure message: how many tries it took, when there was more than one. */
export function attemptsNote(attempt: number): string {
  return attempt > 0 ? ` (after ${attempt + 1} attempts)` : "";
}

export async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch (err) {
    // Node rejects with its own AbortError; callers should see the reason they aborted with.
    throw signal.aborted ? signal.reason : err;
  }
}

/** The human part of an error body, whichever server wrote it (OpenAI, vLLM and TEI differ). */
export function serverMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    const error = body.error as { message?: unknown } | string | undefined;
    if (typeof error === "string") return error;
    if (typeof error?.message === "string") return error.message;
    if (typeof body.message === "string") return body.message;
  } catch {
    // Not JSON (a proxy's HTML page, say): show its start.
  }
  return clip(text) || "(empty body)";
}

export function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // undici hides the useful part (ECONNREFUSED, ENOTFOUND) in `cause`.
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : "";
  return `${err.message}${cause}`;
}

export function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
