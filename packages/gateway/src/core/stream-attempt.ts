/**
 * One streamed attempt: send, then relay every upstream event to the client as it arrives — model name
 * mapped, tool-call deltas normalised, usage captured — under the first-token and between-chunk deadlines.
 * The end is checked: an upstream stream without a finish_reason or without [DONE] is truncated. Before any
 * data reached the client that is a retryable failure (the attempt loop falls back); after, it is final and
 * the caller ends the client's stream with an error event, never [DONE].
 */
import { UpstreamError } from "../errors.js";
import type { Route } from "../routing/model-router.js";
import { SseParser } from "../stream/sse-parser.js";
import type { SseSink } from "../stream/sse-sink.js";
import { ToolCallNormalizer, type ArgumentsMode } from "../stream/tool-call-normalizer.js";
import type { Usage } from "../observability/accounting.js";
import { statusError, transportError } from "./upstream-errors.js";
import { estimateTokens } from "./prompt.js";

export interface StreamAttemptOptions {
  path: string;
  body: string;
  publicModel: string;
  firstTokenMs: number;
  betweenChunksMs: number;
  toolCallMode: ArgumentsMode;
  promptChars: () => number;
  onFirstToken: () => void;
  onTruncated: (stage: "before-first-byte" | "after-first-byte") => void;
}

export async function streamAttempt(route: Route, signal: AbortSignal, sink: SseSink, o: StreamAttemptOptions): Promise<Usage> {
  const replica = route.replica.id;
  const ac = new AbortController();
  const onAbort = () => ac.abort(signal.reason);
  signal.addEventListener("abort", onAbort, { once: true });
  let deadlineError: UpstreamError | undefined;
  /** While a chunk waits for a client that stopped reading, silence is the client's, not the replica's. */
  let clientWait = false;
  const arm = (ms: number, what: string) => {
    if (ms <= 0) return undefined;
    const t: NodeJS.Timeout = setTimeout(() => {
      if (clientWait) return void t.refresh(); // looked at again a whole period after
      deadlineError = new UpstreamError(`upstream ${replica}: ${what} within ${ms} ms`, { code: "TIMEOUT", status: 504, retryable: !sink.sentData, replica });
      ac.abort(deadlineError);
    }, ms);
    return t;
  };
  let timer = arm(o.firstTokenMs, "no first token");
  /** The stream ended early: counted by stage, and retryable only while the client has had nothing yet. */
  const truncated = (message: string, cause?: unknown) => {
    o.onTruncated(sink.sentData ? "after-first-byte" : "before-first-byte");
    return new UpstreamError(message, { code: "TRUNCATED", status: 502, retryable: !sink.sentData, replica, cause });
  };
  const remap = route.target.upstreamModel !== o.publicModel;
  const normalizer = new ToolCallNormalizer(o.toolCallMode);
  const parser = new SseParser();
  const events: string[] = [];
  let usage: Usage | undefined;
  let sawDone = false;
  let sawFinish = false;
  let first = true;
  let completionChars = 0;
  let receiving = false;
  try {
    const res = await route.replica.upstream.send({ path: o.path, body: o.body, signal: ac.signal });
    if (res.status >= 400) throw await statusError(res, replica);
    receiving = true;
    for await (const chunk of res.body) {
      parser.push(chunk, (data) => void events.push(data));
      for (let e = 0; e < events.length; e++) {
        const data = events[e]!;
        if (data === "[DONE]") {
          sawDone = true;
          continue;
        }
        let obj: Record<string, unknown>;
        try {
          obj = JSON.parse(data) as Record<string, unknown>;
        } catch {
          continue; // not JSON: nothing a client could use
        }
        if (obj["error"] !== undefined) {
          throw new UpstreamError(`upstream ${replica} sent an error event`, { status: 502, retryable: !sink.sentData, body: JSON.stringify({ error: obj["error"] }), replica });
        }
        const relay = relayChunk(obj, normalizer);
        if (relay === DROP) continue;
        const choices = obj["choices"] as Record<string, unknown>[] | undefined;
        if (choices) {
          for (const c of choices) {
            if (c["finish_reason"]) sawFinish = true;
            const d = (c["delta"] as Record<string, unknown> | undefined)?.["content"] ?? c["text"];
            if (typeof d === "string") completionChars += d.length;
          }
        }
        if (obj["usage"]) usage = obj["usage"] as Usage;
        let changed = relay === CHANGED;
        if (remap && obj["model"] !== undefined) {
          obj["model"] = o.publicModel;
          changed = true;
        }
        if (first) {
          first = false;
          o.onFirstToken();
          if (timer) clearTimeout(timer);
          timer = arm(o.betweenChunksMs, "no chunk");
        }
        // Unchanged chunks go out as the server wrote them: no re-serialisation.
        clientWait = true;
        try {
          await sink.data(changed ? JSON.stringify(obj) : data, ac.signal);
        } finally {
          clientWait = false;
        }
        timer?.refresh(); // from this chunk on, and after any wait for the client: that wait is not the replica's
      }
      events.length = 0;
    }
    if (!sawDone || !sawFinish) {
      throw truncated(`upstream ${replica} ended the stream before its end (${sawFinish ? "no [DONE]" : "no finish_reason"})`);
    }
    if (usage === undefined) {
      // Usage is always returned: estimated when the server sent none (it ignored stream_options).
      const p = estimateTokens(o.promptChars());
      const c = estimateTokens(completionChars);
      usage = { prompt_tokens: p, completion_tokens: c, total_tokens: p + c };
      const object = o.path.endsWith("/completions") && !o.path.endsWith("/chat/completions") ? "text_completion" : "chat.completion.chunk";
      await sink.data(JSON.stringify({ id: "usage", object, created: Math.floor(Date.now() / 1000), model: o.publicModel, choices: [], usage }), ac.signal);
    }
    sink.done();
    return usage;
  } catch (error) {
    if (deadlineError) throw deadlineError;
    if (signal.aborted) throw signal.reason;
    if (receiving && !(error instanceof UpstreamError)) {
      // The connection broke mid-body: the same thing as a stream that ended early.
      throw truncated(`upstream ${replica} broke the stream off (${(error as { code?: string }).code ?? "closed"})`, error);
    }
    throw transportError(error, replica, !sink.sentData);
  } finally {
    if (timer) clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
  }
}

const DROP = 0;
const AS_IS = 1;
const CHANGED = 2;

/** Normalises a chunk's tool calls: DROP when nothing is left worth sending, CHANGED when it was rewritten. */
function relayChunk(obj: Record<string, unknown>, normalizer: ToolCallNormalizer): number {
  const choices = obj["choices"] as Record<string, unknown>[] | undefined;
  if (!Array.isArray(choices) || choices.length === 0) return AS_IS;
  let keep = false;
  let changed = false;
  for (let i = 0; i < choices.length; i++) {
    const c = choices[i]!;
    const delta = c["delta"] as Record<string, unknown> | undefined;
    if (delta?.["tool_calls"] === undefined) keep = true;
    else {
      changed = true;
      if (normalizer.normalize((c["index"] as number | undefined) ?? i, delta)) keep = true;
      else if (c["finish_reason"] || c["logprobs"]) keep = true;
    }
  }
  return keep || obj["usage"] !== undefined ? (changed ? CHANGED : AS_IS) : DROP;
}
