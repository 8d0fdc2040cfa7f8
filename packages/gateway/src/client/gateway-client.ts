/**
 * Typed, in-process calls: the same handlers as the HTTP API, without HTTP. Errors come back as GatewayError
 * (check `code`); streams as async iterables of chunks that throw when the stream ended with an error event.
 */
import { GatewayError, isGatewayErrorCode, type GatewayErrorCode } from "../errors.js";
import { embeddings } from "../core/embeddings.js";
import { generate } from "../core/generate.js";
import type { CoreRequest, Endpoint, GatewayCore, KeyInfo } from "../core/gateway-core.js";
import { authenticate } from "../core/auth.js";
import { listModels, type ModelList } from "../core/models-list.js";
import type { Reply } from "../core/responses.js";
import { SseParser } from "../stream/sse-parser.js";
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, Completion, CompletionRequest, EmbeddingRequest, EmbeddingResponse } from "../types.js";

export interface CallOptions {
  signal?: AbortSignal;
  /** Required when the config has keys. */
  apiKey?: string;
  /** Session for affinity routing (else the request's `user`). */
  session?: string;
  /** ≥ 1 when the caller is itself retrying: the gateway then makes one attempt only. */
  retryAttempt?: number;
}

export class GatewayClient {
  constructor(private readonly core: GatewayCore, private readonly keys: ReadonlyMap<string, KeyInfo>) {}

  async chat(body: ChatCompletionRequest, options: CallOptions = {}): Promise<ChatCompletion> {
    return (await json(await generate(this.core, this.request("/v1/chat/completions", { ...body, stream: false }, options)))) as ChatCompletion;
  }

  async *chatStream(body: ChatCompletionRequest, options: CallOptions = {}): AsyncGenerator<ChatCompletionChunk> {
    yield* events<ChatCompletionChunk>(await generate(this.core, this.request("/v1/chat/completions", { ...body, stream: true }, options)));
  }

  async completions(body: CompletionRequest, options: CallOptions = {}): Promise<Completion> {
    return (await json(await generate(this.core, this.request("/v1/completions", { ...body, stream: false }, options)))) as Completion;
  }

  async embeddings(body: EmbeddingRequest, options: CallOptions = {}): Promise<EmbeddingResponse> {
    return (await json(await embeddings(this.core, this.request("/v1/embeddings", body, options)))) as EmbeddingResponse;
  }

  listModels(options: CallOptions = {}): ModelList {
    return listModels(this.core, authenticate(this.keys, options.apiKey));
  }

  private request(path: Endpoint, body: Record<string, unknown>, o: CallOptions): CoreRequest {
    const session = o.session ?? (typeof body["user"] === "string" ? body["user"] : undefined);
    return { path, body, key: authenticate(this.keys, o.apiKey), session, signal: o.signal, noRetry: (o.retryAttempt ?? 0) >= 1 };
  }
}

async function json(reply: Reply): Promise<unknown> {
  const text = reply.body as string;
  if (reply.status >= 400) throw errorFrom(reply.status, text);
  return reply.value ?? JSON.parse(text);
}

/** The server's error document as a GatewayError (its code when it is one of ours). */
export function errorFrom(status: number, text: string): GatewayError {
  let message = text;
  let code: GatewayErrorCode = status === 504 ? "TIMEOUT" : "UPSTREAM";
  try {
    const e = (JSON.parse(text) as { error?: { message?: string; code?: unknown } }).error;
    if (e?.message) message = e.message;
    const c = e?.code;
    if (isGatewayErrorCode(c)) code = c;
  } catch {
    /* not JSON: keep the text */
  }
  return new GatewayError(code, message, { status });
}

async function* events<T>(reply: Reply): AsyncGenerator<T> {
  if (typeof reply.body === "string") {
    if (reply.status >= 400) throw errorFrom(reply.status, reply.body);
    throw new GatewayError("UPSTREAM", "expected an event stream");
  }
  const parser = new SseParser();
  const queue: { data: string; event: string | undefined }[] = [];
  let done = false;
  for await (const chunk of reply.body as unknown as AsyncIterable<Uint8Array>) {
    parser.push(chunk, (data, event) => void queue.push({ data, event }));
    for (const e of queue) {
      if (e.event === "error") throw errorFrom(502, e.data);
      if (e.data === "[DONE]") done = true;
      else yield JSON.parse(e.data) as T;
    }
    queue.length = 0;
  }
  if (!done) throw new GatewayError("TRUNCATED", "the stream ended without [DONE]");
}
