/**
 * A small scripted OpenAI-compatible server on 127.0.0.1 for tests: each request is answered by a script
 * (JSON, an SSE sequence with delays, a cut stream, a hang), and the double records what it received and
 * which requests the client cancelled. Richer timing (prefill, KV cache) lives in test/gateway/emulator.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type SseStep = { data: unknown; delayMs?: number } | { raw: string; delayMs?: number };

export type Reply =
  | { status?: number; headers?: Record<string, string>; json: unknown; delayMs?: number }
  | { status?: number; headers?: Record<string, string>; text: string; delayMs?: number }
  | { sse: SseStep[]; end?: "done" | "cut" | "no-done"; status?: number; headers?: Record<string, string>; delayMs?: number }
  | { hang: true };

export interface ReceivedRequest {
  path: string;
  body: Record<string, unknown>;
  headers: IncomingMessage["headers"];
}

export type Script = (req: ReceivedRequest, n: number) => Reply | Promise<Reply>;

export interface ScriptedUpstream {
  /** Base URL, e.g. http://127.0.0.1:PORT */
  url: string;
  requests: ReceivedRequest[];
  /** Requests whose client went away before the reply ended. */
  aborted: number;
  /** Resolves on the next cancelled request. */
  nextAbort(): Promise<void>;
  close(): Promise<void>;
}

export async function startScriptedUpstream(script: Script): Promise<ScriptedUpstream> {
  const state = { requests: [] as ReceivedRequest[], aborted: 0, waiters: [] as (() => void)[] };
  const server = createServer((req, res) => void serve(req, res));
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let text = "";
    for await (const c of req) text += String(c);
    const received = { path: req.url ?? "", body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: req.headers };
    const n = state.requests.push(received) - 1;
    let finished = false;
    res.on("close", () => {
      if (finished) return;
      state.aborted++;
      for (const w of state.waiters.splice(0)) w();
    });
    const reply = await script(received, n);
    if ("hang" in reply) return;
    if (reply.delayMs) await delay(reply.delayMs);
    if ("text" in reply) {
      res.writeHead(reply.status ?? 200, { "content-type": "text/plain", ...reply.headers });
      finished = true;
      res.end(reply.text);
      return;
    }
    if ("json" in reply) {
      res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
      finished = true;
      res.end(JSON.stringify(reply.json));
      return;
    }
    res.writeHead(reply.status ?? 200, { "content-type": "text/event-stream", ...reply.headers });
    res.flushHeaders();
    for (const step of reply.sse) {
      if (step.delayMs) await delay(step.delayMs);
      if (res.destroyed) return;
      res.write("raw" in step ? step.raw : `data: ${JSON.stringify(step.data)}\n\n`);
    }
    if (reply.end === "cut") {
      finished = true;
      // Let what was written reach the client first, as a real crash mid-stream would.
      await delay(20);
      res.socket?.destroy();
      return;
    }
    finished = true;
    res.end(reply.end === "no-done" ? "" : "data: [DONE]\n\n");
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: state.requests,
    get aborted() {
      return state.aborted;
    },
    nextAbort: () => new Promise<void>((resolve) => void state.waiters.push(resolve)),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** An OpenAI chat completion. */
export function chatCompletion(content: string, o: { model?: string; prompt?: number; completion?: number; cached?: number } = {}): Record<string, unknown> {
  const prompt = o.prompt ?? 10;
  const completion = o.completion ?? 3;
  return {
    id: "chatcmpl-test", object: "chat.completion", created: 1, model: o.model ?? "up-model",
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, prompt_tokens_details: { cached_tokens: o.cached ?? 0 } },
  };
}

/** The SSE steps of a streamed answer: role, one chunk per piece, finish, usage. */
export function chatChunks(pieces: string[], o: { model?: string; delayMs?: number; usage?: boolean } = {}): SseStep[] {
  const base = { id: "chatcmpl-s", object: "chat.completion.chunk", created: 1, model: o.model ?? "up-model" };
  const steps: SseStep[] = [{ data: { ...base, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] } }];
  for (const p of pieces) steps.push({ data: { ...base, choices: [{ index: 0, delta: { content: p }, finish_reason: null }] }, delayMs: o.delayMs ?? 0 });
  steps.push({ data: { ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] } });
  if (o.usage !== false) steps.push({ data: { ...base, choices: [], usage: { prompt_tokens: 10, completion_tokens: pieces.length, total_tokens: 10 + pieces.length, prompt_tokens_details: { cached_tokens: 4 } } } });
  return steps;
}
