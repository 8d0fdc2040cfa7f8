/**
 * One emulated vLLM replica: OpenAI-compatible endpoints with vLLM-like timing (TTFT = overhead + queueing for
 * the prefill lane + uncached prompt tokens × per-token prefill; decode = output tokens × inter-token latency),
 * a prefix-caching KV cache, a concurrency limit with a FIFO waiting queue, vLLM-style /metrics, and faults.
 * Every request is recorded (bounded) so tests can count what reached the upstream and how it ended.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { KvCache } from "./kv-cache.js";
import { mergeProfile, type Fault, type Profile, type ProfileInput } from "./profile.js";
import { BLOCK_TOKENS, answerWords, blockHashes, chatTokens, hash53, promptTokens, tagsOf, words } from "./tokens.js";

export type Outcome = "ok" | "status" | "cut" | "aborted" | "rejected" | "bad-request";
export type Endpoint = "chat" | "completions" | "embeddings";

export interface RequestRecord {
  seq: number;
  replica: number;
  endpoint: Endpoint;
  tags: string[];
  stream: boolean;
  outcome: Outcome;
  status: number;
  promptTokens: number;
  cachedTokens: number;
  outputTokens: number;
  /** Inputs in one embeddings call. */
  inputs: number;
  arrivedAt: number;
  /** TTFT the timing model asked for (ms): what the replica would take on an idle machine. */
  plannedTtftMs?: number;
  firstTokenAt?: number;
  endedAt?: number;
}

export interface ReplicaStats {
  replica: number;
  requests: number;
  byEndpoint: Record<Endpoint, number>;
  outcomes: Record<Outcome, number>;
  running: number;
  waiting: number;
  maxRunning: number;
  maxWaiting: number;
  promptTokens: number;
  cachedTokens: number;
  embeddingCalls: number;
  embeddingInputs: number;
  cacheBlocksUsed: number;
  cacheBlocks: number;
  log: RequestRecord[];
  logDropped: number;
}

const LOG_LIMIT = 200_000;
const now = () => performance.now();

/** What one admitted request carries into the endpoint that serves it. */
interface Call {
  body: Record<string, unknown>;
  rec: RequestRecord;
  res: ServerResponse;
  signal: AbortSignal;
  fault: Fault | undefined;
  finish: (o: Outcome, s: number) => void;
}

export class Replica {
  profile: Profile;
  readonly cache: KvCache;
  private running = 0;
  private readonly queue: Array<() => void> = [];
  private prefillBusyUntil = 0;
  private seq = 0;
  private stats!: Omit<ReplicaStats, "running" | "waiting" | "cacheBlocksUsed" | "cacheBlocks" | "replica">;

  constructor(
    readonly index: number,
    profile: Profile,
  ) {
    this.profile = profile;
    this.cache = new KvCache(profile.cacheBlocks);
    this.resetStats();
  }

  setProfile(patch: Partial<ProfileInput>): Profile {
    this.profile = mergeProfile(this.profile, patch);
    this.cache.capacity = this.profile.cacheBlocks;
    return this.profile;
  }

  /** Clears the cache, the counters and the log (not the profile). */
  reset(): void {
    this.cache.clear();
    this.prefillBusyUntil = 0;
    this.resetStats();
  }

  snapshot(withLog = true): ReplicaStats {
    return {
      replica: this.index,
      ...this.stats,
      log: withLog ? [...this.stats.log] : [],
      running: this.running,
      waiting: this.queue.length,
      cacheBlocksUsed: this.cache.size,
      cacheBlocks: this.cache.capacity,
    };
  }

  private resetStats(): void {
    this.stats = {
      requests: 0,
      byEndpoint: { chat: 0, completions: 0, embeddings: 0 },
      outcomes: { ok: 0, status: 0, cut: 0, aborted: 0, rejected: 0, "bad-request": 0 },
      maxRunning: 0,
      maxWaiting: 0,
      promptTokens: 0,
      cachedTokens: 0,
      embeddingCalls: 0,
      embeddingInputs: 0,
      log: [],
      logDropped: 0,
    };
  }

  metricsText(): string {
    const m = `model_name="${this.profile.model}"`;
    const usage = this.cache.capacity > 0 ? this.cache.size / this.cache.capacity : 0;
    const lines = [
      ["vllm:num_requests_running", "gauge", this.running],
      ["vllm:num_requests_waiting", "gauge", this.queue.length],
      ["vllm:gpu_cache_usage_perc", "gauge", usage],
      ["vllm:kv_cache_usage_perc", "gauge", usage],
      ["vllm:gpu_prefix_cache_queries_total", "counter", this.stats.promptTokens],
      ["vllm:gpu_prefix_cache_hits_total", "counter", this.stats.cachedTokens],
      ["vllm:prefix_cache_queries_total", "counter", this.stats.promptTokens],
      ["vllm:prefix_cache_hits_total", "counter", this.stats.cachedTokens],
      ["vllm:gpu_prefix_cache_hit_rate", "gauge", this.stats.promptTokens > 0 ? this.stats.cachedTokens / this.stats.promptTokens : 0],
      ["vllm:prompt_tokens_total", "counter", this.stats.promptTokens],
      ["vllm:request_success_total", "counter", this.stats.outcomes.ok],
    ] as const;
    return lines.map(([name, type, v]) => `# TYPE ${name} ${type}\n${name}{${m}} ${v}`).join("\n") + "\n";
  }

  /** Handles one model request whose body was read as `raw`. */
  async handleModel(endpoint: Endpoint, raw: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrivedAt = now();
    this.stats.requests++;
    this.stats.byEndpoint[endpoint]++;
    const rec: RequestRecord = { seq: ++this.seq, replica: this.index, endpoint, tags: tagsOf(raw), stream: false, outcome: "ok", status: 200, promptTokens: 0, cachedTokens: 0, outputTokens: 0, inputs: 0, arrivedAt };
    const finish = (outcome: Outcome, status: number) => {
      rec.outcome = outcome;
      rec.status = status;
      rec.endedAt = now();
      this.stats.outcomes[outcome]++;
      if (this.stats.log.length < LOG_LIMIT) this.stats.log.push(rec);
      else this.stats.logDropped++;
    };
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("body must be an object");
      body = parsed as Record<string, unknown>;
    } catch (e) {
      sendError(res, 400, `invalid JSON body: ${(e as Error).message}`, "BadRequestError");
      return finish("bad-request", 400);
    }
    rec.stream = body.stream === true;
    const fault = this.takeFault(endpoint);
    if (fault?.type === "status") {
      const headers: Record<string, string> = {};
      if (fault.retryAfterS !== undefined) headers["retry-after"] = String(fault.retryAfterS);
      sendError(res, fault.status, fault.status === 429 ? "rate limited by emulator" : `emulated upstream failure ${fault.status}`, fault.status === 429 ? "RateLimitError" : "InternalServerError", headers);
      return finish("status", fault.status);
    }
    const abort = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) abort.abort();
    });
    req.on("error", () => undefined);
    const call: Call = { body, rec, res, signal: abort.signal, fault, finish };

    if (endpoint === "embeddings") return this.embeddings(call);

    // Admission: a concurrency limit with a FIFO queue.
    if (this.running >= this.profile.maxConcurrency) {
      if (this.queue.length >= this.profile.maxWaiting) {
        sendError(res, 503, "emulator queue full", "ServiceUnavailableError");
        return finish("rejected", 503);
      }
      await new Promise<void>((resolve) => {
        this.queue.push(resolve);
        this.stats.maxWaiting = Math.max(this.stats.maxWaiting, this.queue.length);
        abort.signal.addEventListener("abort", () => {
          const i = this.queue.indexOf(resolve);
          if (i >= 0) {
            this.queue.splice(i, 1);
            resolve();
          }
        });
      });
      if (abort.signal.aborted) return finish("aborted", 499);
    }
    this.running++;
    this.stats.maxRunning = Math.max(this.stats.maxRunning, this.running);
    try {
      await this.generate(endpoint, call);
    } finally {
      this.running--;
      this.queue.shift()?.();
    }
  }

  private takeFault(endpoint: Endpoint): Fault | undefined {
    const f = this.profile.fault;
    if (f === null) return undefined;
    if (this.profile.faultPaths !== undefined && !this.profile.faultPaths.includes(endpoint)) return undefined;
    if (f.times !== undefined) {
      const left = f.times - 1;
      this.profile = { ...this.profile, fault: left > 0 ? { ...f, times: left } : null };
    }
    return f;
  }

  private async generate(endpoint: Endpoint, { body, rec, res, signal, fault, finish }: Call): Promise<void> {
    const p = this.profile;
    const chat = endpoint === "chat";
    const tokens = chat ? chatTokens(Array.isArray(body.messages) ? (body.messages as never[]) : []) : promptTokens(body.prompt);
    const hashes = blockHashes(tokens);
    // A full hit still recomputes the last token, as vLLM does.
    const matched = Math.min(this.cache.match(hashes), Math.floor(Math.max(0, tokens.length - 1) / BLOCK_TOKENS));
    const cached = matched * BLOCK_TOKENS;
    rec.promptTokens = tokens.length;
    rec.cachedTokens = cached;
    this.stats.promptTokens += tokens.length;
    this.stats.cachedTokens += cached;
    const maxTokens = typeof body.max_completion_tokens === "number" ? body.max_completion_tokens : typeof body.max_tokens === "number" ? body.max_tokens : undefined;
    const n = Math.max(0, Math.floor(maxTokens ?? p.outputTokens));
    const finishReason = maxTokens !== undefined ? "length" : "stop";
    const seed = hashes.length > 0 ? hashes[hashes.length - 1]! : hash53(tokens.join(" "));
    const out = answerWords(seed, n);
    rec.outputTokens = n;

    // Prefill lane: uncached tokens are computed one request after another.
    const t0 = now();
    const prefillMs = (tokens.length - cached) * p.prefillMsPerToken * p.slowFactor;
    const start = Math.max(t0, this.prefillBusyUntil);
    this.prefillBusyUntil = start + prefillMs;
    const silent = fault?.type === "silent" ? fault.ms : 0;
    const ttft = start + prefillMs - t0 + p.overheadMs * p.slowFactor + silent;
    const itl = p.itlMs * p.slowFactor;
    rec.plannedTtftMs = ttft;
    const cutAfter = fault?.type === "cut" ? fault.afterTokens : Infinity;
    const created = Math.floor(Date.now() / 1000);
    const id = `${chat ? "chatcmpl" : "cmpl"}-emu${this.index}-${rec.seq}`;
    const usage = { prompt_tokens: tokens.length, completion_tokens: n, total_tokens: tokens.length + n, prompt_tokens_details: { cached_tokens: cached } };
    const cacheAll = () => {
      if (p.cacheOutput) this.cache.insert(blockHashes(tokens.concat(out)));
    };
    const stream = body.stream === true;

    if (!stream) {
      const total = ttft + n * itl;
      if (total > 0.05 || cutAfter !== Infinity) await sleep(Math.min(total, cutAfter === Infinity ? total : ttft + cutAfter * itl), signal);
      if (signal.aborted) return finish("aborted", 499);
      this.cache.insert(hashes);
      rec.firstTokenAt = now();
      if (cutAfter !== Infinity) {
        res.socket?.destroy();
        return finish("cut", 200);
      }
      cacheAll();
      const text = out.join(" ");
      const choice = chat ? { index: 0, message: { role: "assistant", content: text }, logprobs: null, finish_reason: finishReason } : { index: 0, text, logprobs: null, finish_reason: finishReason };
      sendJson(res, 200, { id, object: chat ? "chat.completion" : "text_completion", created, model: p.model, choices: [choice], usage });
      return finish("ok", 200);
    }

    const includeUsage = (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    res.flushHeaders();
    const object = chat ? "chat.completion.chunk" : "text_completion";
    const chunk = (choice: Record<string, unknown> | null, extra?: Record<string, unknown>) =>
      `data: ${JSON.stringify({ id, object, created, model: p.model, choices: choice === null ? [] : [choice], ...extra })}\n\n`;
    const tokenChunk = (i: number) => {
      const text = (i === 0 ? "" : " ") + out[i];
      return chunk(chat ? { index: 0, delta: { content: text }, logprobs: null, finish_reason: null } : { index: 0, text, logprobs: null, finish_reason: null });
    };
    if (ttft > 0.05) await sleep(ttft, signal);
    if (signal.aborted) return finish("aborted", 499);
    if (cutAfter === 0) {
      // Cut before the first byte of the body: the headers went out, nothing else.
      res.socket?.destroy();
      return finish("cut", 200);
    }
    this.cache.insert(hashes);
    rec.firstTokenAt = now();
    let buf = chat ? chunk({ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }) : "";
    for (let i = 0; i < n; i++) {
      if (i >= cutAfter) break;
      if (i > 0 && itl > 0.05) {
        res.write(buf);
        buf = "";
        await sleep(itl, signal);
        if (signal.aborted) return finish("aborted", 499);
      }
      buf += tokenChunk(i);
    }
    if (cutAfter !== Infinity && cutAfter <= n) {
      // Deliver what was generated, then drop the connection: no finish chunk, no [DONE].
      if (buf.length > 0) res.write(buf, () => res.socket?.destroy());
      else res.socket?.destroy();
      return finish("cut", 200);
    }
    buf += chunk(chat ? { index: 0, delta: {}, logprobs: null, finish_reason: finishReason } : { index: 0, text: "", logprobs: null, finish_reason: finishReason });
    if (includeUsage) buf += chunk(null, { usage });
    buf += "data: [DONE]\n\n";
    cacheAll();
    res.end(buf);
    finish("ok", 200);
  }

  private async embeddings({ body, rec, res, signal, fault, finish }: Call): Promise<void> {
    const p = this.profile;
    const input = body.input;
    const inputs: string[] =
      typeof input === "string" ? [input] : Array.isArray(input) ? (input.length > 0 && typeof input[0] === "number" ? [input.join(" ")] : input.map((x) => (Array.isArray(x) ? x.join(" ") : String(x)))) : [];
    if (inputs.length === 0) {
      sendError(res, 400, "input must be a non-empty string or array", "BadRequestError");
      return finish("bad-request", 400);
    }
    this.stats.embeddingCalls++;
    this.stats.embeddingInputs += inputs.length;
    rec.inputs = inputs.length;
    const delay = (p.embedOverheadMs + inputs.length * p.embedMsPerInput) * p.slowFactor + (fault?.type === "silent" ? fault.ms : 0);
    if (delay > 0.05 || fault?.type === "cut") await sleep(delay, signal);
    if (signal.aborted) return finish("aborted", 499);
    if (fault?.type === "cut") {
      res.socket?.destroy();
      return finish("cut", 200);
    }
    const dims = typeof body.dimensions === "number" && body.dimensions > 0 ? Math.floor(body.dimensions) : p.embedDimensions;
    const base64 = body.encoding_format === "base64";
    let tokens = 0;
    const data = inputs.map((text, index) => {
      tokens += words(text).length;
      const v = embedVector(text, dims);
      return { object: "embedding", index, embedding: base64 ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64") : Array.from(v) };
    });
    rec.promptTokens = tokens;
    sendJson(res, 200, { object: "list", data, model: p.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
    finish("ok", 200);
  }
}

/** A deterministic unit vector for a text. */
export function embedVector(text: string, dims: number): Float32Array {
  const v = new Float32Array(dims);
  let x = hash53(text) % 2147483647 || 1;
  let norm = 0;
  for (let i = 0; i < dims; i++) {
    x = (x * 48271) % 2147483647;
    v[i] = x / 2147483647 - 0.5;
    norm += v[i]! * v[i]!;
  }
  const s = 1 / Math.sqrt(norm || 1);
  for (let i = 0; i < dims; i++) v[i] = v[i]! * s;
  return v;
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, message: string, type: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { object: "error", error: { message, type, code: status }, message, type, code: status }, headers);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}
