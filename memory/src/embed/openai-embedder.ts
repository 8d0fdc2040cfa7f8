/**
 * A client for OpenAI-compatible `/embeddings` endpoints (OpenAI, vLLM, TEI, Ollama, LiteLLM).
 * Batches and parallelises large inputs, retries what a retry can fix (network errors, 408, 429,
 * 5xx) and nothing else, and trusts no response: shape, count and dimension are all checked.
 */
import { z } from "zod";
import { EmbedderError, ValidationError } from "../errors.js";
import { formatPath, parseInput } from "../model/validate.js";
import type { Embedder } from "../ports/embedder.js";
import { attemptsNote, backoff, clip, describe, parseRetryAfter, serverMessage, sleep } from "../http/retry.js";

export interface OpenAIEmbedderOptions {
  /** Up to and including the API version, e.g. "http://localhost:8000/v1"; `/embeddings` is appended. */
  baseURL: string;
  model: string;
  /** What the model returns; every vector is checked against it. */
  dimensions: number;
  /** Sent as `Authorization: Bearer …`; local servers usually need none. */
  apiKey?: string;
  /** Inputs per request (default 64). */
  batchSize?: number;
  /** Per attempt, not per call (default 30 000). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 3). */
  maxRetries?: number;
  /** Send the `dimensions` request field, for models that can shorten their vectors. Off by default: vLLM, TEI and Ollama may reject it. */
  sendDimensions?: boolean;
  /** Extra request headers (a gateway's, say); they override the defaults. */
  headers?: Record<string, string>;
  /** Defaults to `globalThis.fetch`; inject one for proxies or tests. */
  fetch?: typeof fetch;
}

const optionsSchema = z.strictObject({
  baseURL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }),
  model: z.string().min(1),
  dimensions: z.number().int().positive(),
  apiKey: z.string().min(1).optional(),
  batchSize: z.number().int().min(1).max(2048).default(64),
  timeoutMs: z.number().int().positive().default(30_000),
  maxRetries: z.number().int().min(0).max(10).default(3),
  sendDimensions: z.boolean().default(false),
  headers: z.record(z.string(), z.string()).optional(),
  fetch: z.custom<typeof fetch>((v) => typeof v === "function", "must be a function").optional(),
});

// Extra fields (object, model, usage) vary by server and are ignored.
const responseSchema = z.object({
  data: z.array(z.object({ index: z.number().int().min(0), embedding: z.array(z.number()) })),
});

/** Enough to keep a GPU server busy without tripping a hosted API's rate limits. */
const CONCURRENCY = 4;

export function openAIEmbedder(options: OpenAIEmbedderOptions): Embedder {
  const opts = parseInput(optionsSchema, options, "openAIEmbedder");
  const { model, dimensions, batchSize, timeoutMs, maxRetries } = opts;
  const url = `${opts.baseURL.replace(/\/+$/, "")}/embeddings`;
  const fetchFn = opts.fetch ?? globalThis.fetch;
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json",
    ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}),
    ...opts.headers,
  };

  /** One batch, with retries. Resolves to vectors in the batch's order. */
  async function request(batch: readonly string[], signal: AbortSignal): Promise<Float32Array[]> {
    const body = JSON.stringify({
      model,
      input: batch,
      encoding_format: "float",
      ...(opts.sendDimensions ? { dimensions } : {}),
    });
    for (let attempt = 0; ; attempt++) {
      signal.throwIfAborted();
      const retriesLeft = attempt < maxRetries;
      let status: number;
      let text: string;
      let retryAfterMs: number | undefined;
      try {
        const response = await fetchFn(url, {
          method: "POST",
          headers,
          body,
          signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
        });
        status = response.status;
        retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
        text = await response.text();
      } catch (err) {
        // The caller's abort ends everything at once; it is theirs to report, not a failure of ours.
        if (signal.aborted) throw signal.reason;
        const timedOut = err instanceof DOMException && err.name === "TimeoutError";
        const what = timedOut ? `timed out after ${timeoutMs} ms` : `failed: ${describe(err)}`;
        if (retriesLeft) {
          await sleep(backoff(attempt), signal);
          continue;
        }
        throw new EmbedderError(`POST ${url} ${what}${attemptsNote(attempt)}`, { cause: err });
      }
      if (status >= 200 && status < 300) return parseVectors(text, batch.length);
      const retryable = status === 408 || status === 429 || status >= 500;
      if (retryable && retriesLeft) {
        await sleep(retryAfterMs ?? backoff(attempt), signal);
        continue;
      }
      throw new EmbedderError(
        `POST ${url} failed with HTTP ${status}: ${serverMessage(text)}${retryable ? attemptsNote(attempt) : ""}`,
        { status },
      );
    }
  }

  function parseVectors(text: string, expected: number): Float32Array[] {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new EmbedderError(`${url} answered with a body that is not JSON: ${clip(text)}`, { cause: err });
    }
    const parsed = responseSchema.safeParse(json);
    if (!parsed.success) {
      const problems = parsed.error.issues
        .slice(0, 3)
        .map((i) => `${formatPath(i.path) || "(root)"}: ${i.message}`)
        .join("; ");
      throw new EmbedderError(`${url} answered with an unexpected body: ${problems}`);
    }
    const { data } = parsed.data;
    if (data.length !== expected) {
      throw new EmbedderError(`${url} returned ${data.length} embeddings for ${expected} inputs`);
    }
    // Servers may answer out of order; `index` is the only thing that ties a vector to its input.
    const vectors = new Array<Float32Array | undefined>(expected);
    for (const item of data) {
      if (item.index >= expected || vectors[item.index]) {
        throw new EmbedderError(`${url} returned a duplicate or out-of-range index ${item.index} for ${expected} inputs`);
      }
      if (item.embedding.length !== dimensions) {
        throw new EmbedderError(
          `model ${model} returned a ${item.embedding.length}-dimensional vector; expected ${dimensions}`,
        );
      }
      vectors[item.index] = normalize(item.embedding);
    }
    return vectors as Float32Array[];
  }

  return {
    id: `openai:${model}:${dimensions}`,
    dimensions,
    async embed(texts, embedOptions) {
      const callerSignal = embedOptions?.signal;
      callerSignal?.throwIfAborted();
      const notString = texts.findIndex((t) => typeof t !== "string");
      if (notString !== -1) {
        throw new ValidationError([{ path: `texts[${notString}]`, message: "must be a string" }], "openAIEmbedder.embed");
      }
      if (texts.length === 0) return [];
      // The first failure stops the other batches: their work would be thrown away anyway.
      const stop = new AbortController();
      const signal = callerSignal ? AbortSignal.any([callerSignal, stop.signal]) : stop.signal;
      const batches: string[][] = [];
      for (let i = 0; i < texts.length; i += batchSize) batches.push(texts.slice(i, i + batchSize));
      const out = new Array<Float32Array>(texts.length);
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < batches.length) {
          const b = next++;
          const vectors = await request(batches[b]!, signal);
          for (let i = 0; i < vectors.length; i++) out[b * batchSize + i] = vectors[i]!;
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.min(CONCURRENCY, batches.length) }, worker));
      } catch (err) {
        stop.abort();
        throw err;
      }
      return out;
    },
  };
}

function normalize(values: readonly number[]): Float32Array {
  let sumSquares = 0;
  for (const v of values) sumSquares += v * v;
  const scale = sumSquares > 0 ? 1 / Math.sqrt(sumSquares) : 0;
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]! * scale;
  return out;
}
