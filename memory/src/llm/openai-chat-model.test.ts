/**
 * The OpenAI-compatible chat client against a scripted server on 127.0.0.1: the request it sends
 * (json_schema response format, temperature 0, headers), what it accepts, what it rejects and why,
 * what it retries, timeouts, the caller's abort and the call counters.
 */
import { afterEach, describe, expect, it } from "vitest";
import { HippographError, ModelError, ValidationError } from "../errors.js";
import { isModelFailure } from "./model-failure.js";
import { openAIChatModel, type ChatCallInfo } from "./openai-chat-model.js";
import { serveChat, type ChatReply, type ChatServer, type ReceivedChat } from "./test-chat-server.js";

const servers: ChatServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(script: (request: ReceivedChat, n: number) => ChatReply | Promise<ChatReply>) {
  const server = await serveChat(script);
  servers.push(server);
  return server;
}

const request = {
  name: "thing",
  system: "You answer in JSON.",
  user: "Give me a thing.",
  schema: { type: "object", properties: { a: { type: "number" } }, required: ["a"], additionalProperties: false },
};

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable("expected a rejection"),
    (err: unknown) => err,
  );
}

describe("openAIChatModel", () => {
  it("sends one constrained request and parses the answer", async () => {
    const server = await serve(() => ({ content: '{"a": 1}' }));
    const calls: ChatCallInfo[] = [];
    const model = openAIChatModel({ baseURL: server.baseURL, model: "m", apiKey: "k", onCall: (c) => calls.push(c) });
    expect(await model.complete({ ...request, maxTokens: 64 })).toEqual({ a: 1 });
    expect(server.requests).toHaveLength(1);
    const [sent] = server.requests;
    expect(sent!.path).toBe("/v1/chat/completions");
    expect(sent!.headers.authorization).toBe("Bearer k");
    expect(sent!.body).toMatchObject({
      model: "m",
      temperature: 0,
      max_tokens: 64,
      messages: [
        { role: "system", content: request.system },
        { role: "user", content: request.user },
      ],
      response_format: { type: "json_schema", json_schema: { name: "thing", schema: request.schema, strict: true } },
    });
    expect(model.calls).toBe(1);
    expect(model.requests).toBe(1);
    expect(model.usage).toEqual({ promptTokens: 100, completionTokens: 50 });
    expect(calls).toMatchObject([{ name: "thing", ok: true, attempts: 1, promptTokens: 100, completionTokens: 50 }]);
  });

  it("accepts JSON wrapped in a Markdown fence", async () => {
    const server = await serve(() => ({ content: '```json\n{"a": 2}\n```' }));
    expect(await openAIChatModel({ baseURL: server.baseURL, model: "m" }).complete(request)).toEqual({ a: 2 });
  });

  it("rejects content that is not JSON, saying so, without retrying", async () => {
    const server = await serve(() => ({ content: "Sure! Here is your thing: {a: 1" }));
    const err = await rejection(openAIChatModel({ baseURL: server.baseURL, model: "m" }).complete(request));
    expect(err).toBeInstanceOf(ModelError);
    expect(isModelFailure(err) && err.reason).toBe("invalid-json");
    expect((err as Error).message).toMatch(/not valid JSON/);
    expect(server.requests).toHaveLength(1);
  });

  it("rejects a truncated answer even when the prefix parses", async () => {
    const server = await serve(() => ({ content: '{"a": 1}', finishReason: "length" }));
    const err = await rejection(openAIChatModel({ baseURL: server.baseURL, model: "m" }).complete({ ...request, maxTokens: 5 }));
    expect(isModelFailure(err) && err.reason).toBe("truncated");
    expect((err as Error).message).toMatch(/truncated.*max_tokens 5/);
  });

  it("rejects a refusal and an off-contract body", async () => {
    const refusal = await serve(() => ({ body: { choices: [{ finish_reason: "stop", message: { content: null, refusal: "no" } }] } }));
    const a = await rejection(openAIChatModel({ baseURL: refusal.baseURL, model: "m" }).complete(request));
    expect(isModelFailure(a) && a.reason).toBe("refused");
    const odd = await serve(() => ({ body: { choices: [] } }));
    const b = await rejection(openAIChatModel({ baseURL: odd.baseURL, model: "m" }).complete(request));
    expect(isModelFailure(b) && b.reason).toBe("bad-response");
  });

  it("retries 429 and 5xx, honouring Retry-After, but not 400", async () => {
    const flaky = await serve((_, n) => (n === 0 ? { status: 429, headers: { "retry-after": "0" }, body: { error: { message: "slow down" } } } : n === 1 ? { status: 503, body: "" } : { content: '{"a": 3}' }));
    const infos: ChatCallInfo[] = [];
    const model = openAIChatModel({ baseURL: flaky.baseURL, model: "m", maxRetries: 2, onCall: (c) => infos.push(c) });
    expect(await model.complete(request)).toEqual({ a: 3 });
    expect(infos).toMatchObject([{ ok: true, attempts: 3 }]);
    expect(model.calls).toBe(1);
    expect(model.requests).toBe(3);

    const bad = await serve(() => ({ status: 400, body: { error: { message: "response_format not supported" } } }));
    const err = await rejection(openAIChatModel({ baseURL: bad.baseURL, model: "m" }).complete(request));
    expect(HippographError.isInstance(err)).toBe(true);
    expect(isModelFailure(err) && [err.reason, err.status]).toEqual(["http", 400]);
    expect((err as Error).message).toMatch(/HTTP 400: response_format not supported/);
    expect(bad.requests).toHaveLength(1);
  });

  it("times out each attempt and reports the timeout", async () => {
    const server = await serve(() => ({ hang: true }));
    const infos: ChatCallInfo[] = [];
    const model = openAIChatModel({ baseURL: server.baseURL, model: "m", timeoutMs: 50, maxRetries: 0, onCall: (c) => infos.push(c) });
    const err = await rejection(model.complete(request));
    expect(infos).toMatchObject([{ ok: false, attempts: 1, error: expect.stringMatching(/timed out/) }]);
    expect(isModelFailure(err) && err.reason).toBe("timeout");
    expect((err as Error).message).toMatch(/timed out after 50 ms/);
  });

  it("gives the caller's abort reason back, not a failure of its own", async () => {
    const server = await serve(() => ({ hang: true }));
    const controller = new AbortController();
    const pending = openAIChatModel({ baseURL: server.baseURL, model: "m" }).complete(request, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user cancelled")), 20);
    expect(((await rejection(pending)) as Error).message).toBe("user cancelled");
  });

  it("validates its options", () => {
    expect(() => openAIChatModel({ baseURL: "ftp://x", model: "" })).toThrow(ValidationError);
  });
});
