/**
 * Episodes as JSON Lines: one episode object per line, blank lines allowed. Every line is checked
 * with the facade's own episode schema, so a file that validates here is one `addEpisodes` accepts.
 * Files are streamed line by line; callers validate the whole file first, then read it again in
 * batches, so a bad line 90,000 is reported before anything is written and memory stays bounded.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { ValidationError, type Issue } from "../errors.js";
import { DEFAULT_LIMITS, inputSchemas, type EpisodeInput, type Limits } from "../facade/inputs.js";
import { KindRegistry } from "../model/kinds.js";
import { formatPath } from "../model/validate.js";

export interface JsonlOptions {
  /** The limits of the memory the episodes are meant for (text size, attrs size). */
  limits?: Partial<Limits>;
  /** Stop collecting after this many bad lines (default 20): a wrong file fails fast. */
  maxErrors?: number;
}

/** One episode and the 1-based line it came from. */
export interface JsonlEpisode {
  line: number;
  episode: EpisodeInput;
}

export type JsonlEntry = JsonlEpisode | { line: number; issues: Issue[] };

export const DEFAULT_MAX_ERRORS = 20;

/** The facade's per-episode schema under the given limits. */
export function episodeSchema(limits: Partial<Limits> = {}) {
  return inputSchemas({ ...DEFAULT_LIMITS, ...limits }, new KindRegistry()).episodes.element;
}

/** Every non-blank line, parsed and validated: an episode, or the issues that line has. */
export async function* scanEpisodesJsonl(path: string, options: JsonlOptions = {}): AsyncGenerator<JsonlEntry> {
  const schema = episodeSchema(options.limits);
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let line = 0;
  const firstLineOf = new Map<string, number>(); // ids seen: a repeat in a later batch would overwrite, batch by batch
  for await (const raw of lines) {
    line += 1;
    const text = line === 1 ? raw.replace(/^\uFEFF/, "") : raw; // editors on Windows add a BOM
    if (text.trim() === "") continue;
    if (text.includes("\uFFFD")) {
      // The decoder put U+FFFD where bytes were not UTF-8: storing it would lose the text silently.
      yield { line, issues: [{ path: `line ${line}`, message: "is not UTF-8 text (or holds U+FFFD): convert the file to UTF-8" }] };
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield { line, issues: [{ path: `line ${line}`, message: `invalid JSON: ${(error as Error).message}` }] };
      continue;
    }
    const result = schema.safeParse(value);
    const id = result.success ? (result.data as EpisodeInput).id : undefined;
    const first = id === undefined ? undefined : firstLineOf.get(id);
    if (first !== undefined) {
      yield { line, issues: [{ path: `line ${line}: id`, message: `repeats the id of line ${first} ("${id}")` }] };
    } else if (result.success) {
      if (id !== undefined) firstLineOf.set(id, line);
      yield { line, episode: result.data as EpisodeInput };
    } else {
      const where = (p: readonly PropertyKey[]) => (p.length === 0 ? `line ${line}` : `line ${line}: ${formatPath(p)}`);
      yield { line, issues: result.error.issues.map((i) => ({ path: where(i.path), message: i.message })) };
    }
  }
}

/** The validation pass: how many episodes the file holds, and its first `maxErrors` issues. */
export async function validateEpisodesJsonl(path: string, options: JsonlOptions = {}): Promise<{ count: number; errors: Issue[] }> {
  const maxErrors = options.maxErrors ?? DEFAULT_MAX_ERRORS;
  const errors: Issue[] = [];
  let count = 0;
  for await (const entry of scanEpisodesJsonl(path, options)) {
    if ("episode" in entry) count += 1;
    else errors.push(...entry.issues);
    if (errors.length >= maxErrors) return { count, errors: errors.slice(0, maxErrors) };
  }
  return { count, errors };
}

/** The whole file in memory (benchmarks, small files). Bad lines come back as errors, not thrown. */
export async function readEpisodesJsonl(path: string, options: JsonlOptions = {}): Promise<{ episodes: JsonlEpisode[]; errors: Issue[] }> {
  const maxErrors = options.maxErrors ?? DEFAULT_MAX_ERRORS;
  const episodes: JsonlEpisode[] = [];
  const errors: Issue[] = [];
  for await (const entry of scanEpisodesJsonl(path, options)) {
    if ("episode" in entry) episodes.push(entry);
    else errors.push(...entry.issues);
    if (errors.length >= maxErrors) break;
  }
  return { episodes, errors: errors.slice(0, maxErrors) };
}

/**
 * The write pass: episodes in batches of `batchSize`. Meant to follow a clean validation pass;
 * should the file have changed since, the first bad line throws before its batch is yielded.
 */
export async function* episodeBatchesJsonl(path: string, batchSize: number, options: JsonlOptions = {}): AsyncGenerator<EpisodeInput[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValidationError([{ path: "batchSize", message: "must be a positive integer" }]);
  let batch: EpisodeInput[] = [];
  for await (const entry of scanEpisodesJsonl(path, options)) {
    if (!("episode" in entry)) throw new ValidationError(entry.issues, path);
    batch.push(entry.episode);
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
