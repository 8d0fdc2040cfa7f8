/**
 * A StructuredChatModel over any OpenAI-compatible `/chat/completions` endpoint (OpenAI, vLLM, Ollama,
 * LiteLLM). Output is constrained with `response_format: json_schema` (strict): local models fail
 * structured output without constrained decoding (Graphiti's users, design/anchors.md). Retries what a
 * retry can fix (network, 408, 429, 5xx, a per-attempt timeout) and nothing else — a malformed or
 * truncated answer at temperature 0 would come back the same. Mirrors embed/openai-embedder.ts.
 */
import { z } from "zod";
import { formatPath, parseInput } from "../model/validate.js";
import type { StructuredChatModel, StructuredRequest } from "../ports/chat-model.js";
import { attemptsNote, backoff, clip, describe, parseRetryAfter, serverMessage, sleep } from "../http/retry.js";
import { modelFailure } from "./model-failure.js";

export interface OpenAIChatModelOptions {
  /** Up to and including the API version, e.g. "http://localhost:8000/v1"; `/chat/completions` is appended. */
  baseURL: string;
  model: string;
  /** Sent as `Authorization: Bearer …`; local servers usually need none. */
  apiKey?: string;
  /** Per attempt, not per call (default 120 000: a batch of 20 turns is a long answer). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 2). */
  maxRetries?: number;
  /** Default 0: extraction wants the same answer twice. */
  temperature?: number;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  /** Called once per finished call, successful or not — for benches (LLM calls per 100 turns) and traces. */
  onCall?: (info: ChatCallInfo) => void;
}

export interface ChatCallInfo {
  name: string;
  ok: boolean;
  attempts: number;
  ms: number;
  promptTokens?: number;
  completionTokens?: number;
  error?: string;
}

export interface OpenAIChatModel extends StructuredChatModel {
  /** Calls to `complete` so far (each may have made several HTTP attempts). */
  readonly calls: number;
  /** HTTP requests so far, retries included. */
  readonly requests: number;
  readonly usage: { promptTokens: number; completionTokens: number };
}

const optionsSchema = z.strictObject({
  baseURL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }),
  model: z.string().min(1),
  apiKey: z.string().min(1).optional(),
  timeoutMs: z.number().int().positive().default(120_000),
  maxRetries: z.number().int().min(0).max(10).default(2),
  temperature: z.number().min(0).max(2).default(0),
  headers: z.record(z.string(), z.string()).optional(),
  fetch: z.custom<typeof fetch>((v) => typeof v === "function", "must be a function").optional(),
  onCall: z.custom<(info: ChatCallInfo) => void>((v) => typeof v === "function", "must be a function").optional(),
});

// Servers add fields (usage details, logprobs); only these are read.
const responseSchema = z.object({
  choices: z
    .array(
      z.object({
        finish_reason: z.string().nullish(),
        message: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }),
      }),
    )
    .min(1),
  usage: z.object({ prompt_tokens: z.number().optional(), completion_tokens: z.number().optional() }).nullish(),
});

export function openAIChatModel(options: OpenAIChatModelOptions): OpenAIChatModel {
  const opts = parseInput(optionsSchema, options, "openAIChatModel");
  const url = `${opts.baseURL.replace(/\/+$/, "")}/chat/completions`;
  const fetchFn = opts.fetch ?? globalThis.fetch;
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json",
    ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}),
    ...opts.headers,
  };
  let calls = 0;
  let requests = 0;
  const usage = { promptTokens: 0, completionTokens: 0 };

  /** One call's HTTP exchange, with retries; `tries.n` counts attempts even when it throws. */
  async function post(body: string, signal: AbortSignal, tries: { n: number }): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      signal.throwIfAborted();
      tries.n = attempt + 1;
      const retriesLeft = attempt < opts.maxRetries;
      let status: number;
      let text: string;
      let retryAfterMs: number | undefined;
      try {
        requests++;
        const response = await fetchFn(url, {
          method: "POST",
          headers,
          body,
          signal: AbortSignal.any([signal, AbortSignal.timeout(opts.timeoutMs)]),
        });
        status = response.status;
        retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
        text = await response.text();
      } catch (err) {
        // The caller's abort ends everything at once; it is theirs to report, not a failure of ours.
        if (signal.aborted) throw signal.reason;
        const timedOut = err instanceof DOMException && err.name === "TimeoutError";
        if (retriesLeft) {
          await sleep(backoff(attempt), signal);
          continue;
        }
        const what = timedOut ? `timed out after ${opts.timeoutMs} ms` : `failed: ${describe(err)}`;
        throw modelFailure(timedOut ? "timeout" : "network", `POST ${url} ${what}${attemptsNote(attempt)}`, { cause: err });
      }
      if (status >= 200 && status < 300) return text;
      const retryable = status === 408 || status === 429 || status >= 500;
      if (retryable && retriesLeft) {
        await sleep(retryAfterMs ?? backoff(attempt), signal);
        continue;
      }
      throw modelFailure(
        "http",
        `POST ${url} failed with HTTP ${status}: ${serverMessage(text)}${retryable ? attemptsNote(attempt) : ""}`,
        { status },
      );
    }
  }

  function parseAnswer(text: string, request: StructuredRequest): unknown {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw modelFailure("bad-response", `${url} answered with a body that is not JSON: ${clip(text)}`, { cause: err });
    }
    const parsed = responseSchema.safeParse(json);
    if (!parsed.success) {
      const problems = parsed.error.issues.slice(0, 3).map((i) => `${formatPath(i.path) || "(root)"}: ${i.message}`);
      throw modelFailure("bad-response", `${url} answered with an unexpected body: ${problems.join("; ")}`);
    }
    usage.promptTokens += parsed.data.usage?.prompt_tokens ?? 0;
    usage.completionTokens += parsed.data.usage?.completion_tokens ?? 0;
    const choice = parsed.data.choices[0]!;
    const path = "choices[0].message.content";
    if (choice.message.refusal) throw modelFailure("refused", `model refused: ${clip(choice.message.refusal)}`, { path });
    // A cut-off answer may still parse (a closed prefix); it is incomplete either way.
    if (choice.finish_reason === "length") {
      throw modelFailure("truncated", `truncated: finish_reason "length"${request.maxTokens ? ` at max_tokens ${request.maxTokens}` : ""}`, { path });
    }
    const content = choice.message.content ?? "";
    try {
      return JSON.parse(stripFence(content));
    } catch {
      throw modelFailure("invalid-json", `not valid JSON for schema "${request.name}": ${clip(content, 200) || "(empty)"}`, { path });
    }
  }

  return {
    id: `openai-chat:${opts.model}`,
    get calls() {
      return calls;
    },
    get requests() {
      return requests;
    },
    get usage() {
      return { ...usage };
    },
    async complete(request, completeOptions) {
      const signal = completeOptions?.signal ?? new AbortController().signal;
      signal.throwIfAborted();
      calls++;
      const started = performance.now();
      const before = { ...usage };
      const body = JSON.stringify({
        model: opts.model,
        temperature: opts.temperature,
        messages: [
          { role: "system", content: request.system },
          { role: "user", content: request.user },
        ],
        response_format: { type: "json_schema", json_schema: { name: request.name, schema: request.schema, strict: true } },
        ...(request.maxTokens ? { max_tokens: request.maxTokens } : {}),
      });
      const tries = { n: 0 };
      try {
        const out = parseAnswer(await post(body, signal, tries), request);
        report(request.name, true, tries.n, started, before);
        return out;
      } catch (err) {
        report(request.name, false, tries.n, started, before, err);
        throw err;
      }
    },
  };

  function report(name: string, ok: boolean, attempts: number, started: number, before: typeof usage, err?: unknown) {
    opts.onCall?.({
      name,
      ok,
      attempts,
      ms: performance.now() - started,
      promptTokens: usage.promptTokens - before.promptTokens,
      completionTokens: usage.completionTokens - before.completionTokens,
      ...(err === undefined ? {} : { error: describe(err) }),
    });
  }
}

/** Servers without constrained decoding sometimes wrap JSON in a Markdown fence; the JSON is still checked. */
function stripFence(content: string): string {
  const m = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/.exec(content);
  return m ? m[1]! : content;
}
