/** The gateway end to end, in-process (`gateway.fetch` and typed methods) against scripted upstreams. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createGateway, type Gateway } from "./gateway.js";
import { chatChunks, chatCompletion, startScriptedUpstream, type ScriptedUpstream } from "./testing/scripted-upstream.js";
import { chatConfig } from "./testing/config.js";
import { GatewayError } from "./errors.js";

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

async function upstream(...args: Parameters<typeof startScriptedUpstream>): Promise<ScriptedUpstream> {
  const u = await startScriptedUpstream(...args);
  open.push(u);
  return u;
}
function gateway(...args: Parameters<typeof createGateway>): Gateway {
  const g = createGateway(...args);
  open.push(g);
  return g;
}
const post = (g: Gateway, path: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) =>
  g.fetch(new Request(`http://gw${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body), signal }));
const chat = (content = "hi") => ({ model: "m", messages: [{ role: "user", content }] });

async function readSse(res: Response): Promise<{ events: { data: string; event?: string }[]; text: string }> {
  const text = await res.text();
  const events = text.split("\n\n").filter((b) => b.trim() && !b.startsWith(":")).map((b) => {
    const ev = /^event: (.*)$/m.exec(b)?.[1];
    return { data: /^data: (.*)$/m.exec(b)?.[1] ?? "", ...(ev ? { event: ev } : {}) };
  });
  return { events, text };
}

describe("non-streaming", () => {
  it("maps the model name both ways, returns usage, accounts tokens per key and model", async () => {
    const u = await upstream(() => ({ json: chatCompletion("hello", { cached: 6 }) }));
    const g = gateway(chatConfig([u.url]));
    const res = await post(g, "/v1/chat/completions", chat());
    expect(res.status).toBe(200);
    const body = (await res.json()) as { model: string; usage: { prompt_tokens: number } };
    expect(u.requests[0]!.body["model"]).toBe("up-model");
    expect(u.requests[0]!.path).toBe("/v1/chat/completions");
    expect(body.model).toBe("m");
    expect(body.usage.prompt_tokens).toBe(10);
    const usage = g.usage();
    expect(usage.byModel["m"]).toMatchObject({ requests: 1, promptTokens: 10, completionTokens: 3, cachedTokens: 6 });
    expect(usage.byKey["anonymous"]!.requests).toBe(1);
  });

  it("passes tools and response_format through untouched", async () => {
    const u = await upstream(() => ({ json: chatCompletion("{}") }));
    const g = gateway(chatConfig([u.url]));
    const tools = [{ type: "function", function: { name: "f", parameters: { type: "object" } } }];
    const response_format = { type: "json_schema", json_schema: { name: "x", schema: { type: "object" } } };
    await g.chat({ ...chat(), tools, response_format } as never);
    expect(u.requests[0]!.body["tools"]).toEqual(tools);
    expect(u.requests[0]!.body["response_format"]).toEqual(response_format);
  });

  it("adds an estimated usage when the server returns none", async () => {
    const u = await upstream(() => ({ json: { ...chatCompletion("abcdefgh"), usage: undefined } }));
    const g = gateway(chatConfig([u.url]));
    const out = await g.chat(chat("x".repeat(40)) as never);
    expect(out.usage.completion_tokens).toBe(2);
    expect(out.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it("unknown model → 404 with OpenAI's error shape; bad JSON → 400", async () => {
    const u = await upstream(() => ({ json: chatCompletion("x") }));
    const g = gateway(chatConfig([u.url]));
    const r1 = await post(g, "/v1/chat/completions", { model: "nope", messages: [] });
    expect(r1.status).toBe(404);
    expect(((await r1.json()) as { error: { code: string } }).error.code).toBe("MODEL_NOT_FOUND");
    const r2 = await g.fetch(new Request("http://gw/v1/chat/completions", { method: "POST", body: "{" }));
    expect(r2.status).toBe(400);
    await expect(g.chat({ model: "nope", messages: [] })).rejects.toMatchObject({ code: "MODEL_NOT_FOUND" });
  });

  it("lists models and serves /metrics and /health", async () => {
    const u = await upstream(() => ({ json: chatCompletion("x") }));
    const g = gateway(chatConfig([u.url]));
    const models = (await (await g.fetch(new Request("http://gw/v1/models"))).json()) as { data: { id: string }[] };
    expect(models.data.map((m) => m.id)).toEqual(["m"]);
    await g.chat(chat() as never);
    const metrics = await (await g.fetch(new Request("http://gw/metrics"))).text();
    expect(metrics).toContain('hippograph_gateway_request_duration_seconds_count{model="m",status="200"} 1');
    expect(metrics).toContain('hippograph_gateway_prefix_index_blocks{kind="cap"} 200000');
    expect(metrics).toContain('hippograph_gateway_breaker_state{replica="r0"} 0');
    expect(metrics).toContain('hippograph_gateway_cache_bytes{kind="cap"} 268435456');
    expect((await g.fetch(new Request("http://gw/health"))).status).toBe(200);
  });

  it("API keys: missing or unknown key → 401, a key limited to other models → 403", async () => {
    const u = await upstream(() => ({ json: chatCompletion("x") }));
    const g = gateway({ ...chatConfig([u.url]), keys: [{ key: "sk-a", name: "team-a" }, { key: "sk-b", name: "team-b", models: [] }] });
    expect((await post(g, "/v1/chat/completions", chat())).status).toBe(401);
    expect((await post(g, "/v1/chat/completions", chat(), { authorization: "Bearer sk-x" })).status).toBe(401);
    expect((await post(g, "/v1/chat/completions", chat(), { authorization: "Bearer sk-b" })).status).toBe(403);
    expect((await post(g, "/v1/chat/completions", chat(), { authorization: "Bearer sk-a" })).status).toBe(200);
    expect(g.usage().byKey["team-a"]!.requests).toBe(1);
    expect((await post(g, "/v1/chat/completions", chat(), { authorization: "Bearer \u00a0" })).status).toBe(401); // no key, whatever trims
    expect((await post(g, "/v1/chat/completions", chat(), { authorization: "sk-a" })).status).toBe(401); // not the Bearer scheme
    process.env.HIPPOGRAPH_TEST_EMPTY_KEY = "";
    try {
      expect(() => gateway({ ...chatConfig([u.url]), keys: [{ keyEnv: "HIPPOGRAPH_TEST_EMPTY_KEY", name: "t" }] })).toThrow(/HIPPOGRAPH_TEST_EMPTY_KEY/);
    } finally {
      delete process.env.HIPPOGRAPH_TEST_EMPTY_KEY;
    }
  });

  it("/metrics, which names every key and counts its tokens, needs a key marked metrics: true once keys are configured", async () => {
    const u = await upstream(() => ({ json: chatCompletion("x") }));
    const keys = [{ key: "sk-a", name: "team-a" }, { key: "sk-p", name: "prometheus", metrics: true, models: [] }];
    const g = gateway({ ...chatConfig([u.url]), keys });
    expect((await post(g, "/v1/chat/completions", chat(), { authorization: "Bearer sk-a" })).status).toBe(200);
    const scrape = (headers: Record<string, string> = {}) => g.fetch(new Request("http://gw/metrics", { headers }));
    expect((await scrape()).status).toBe(401);
    expect((await scrape({ authorization: "Bearer sk-x" })).status).toBe(401);
    const refused = await scrape({ authorization: "Bearer sk-a" });
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toContain("team-a");
    const allowed = await scrape({ authorization: "Bearer sk-p" });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('hippograph_gateway_tokens{key="team-a",model="m",type="prompt"}');
    const open = gateway({ ...chatConfig([u.url]), keys, server: { publicMetrics: true } });
    expect((await open.fetch(new Request("http://gw/metrics"))).status).toBe(200);
    expect((await open.fetch(new Request("http://gw/health"))).status).toBe(200); // health never needs a key
  });

  it("answers a known path asked with the wrong method with 405 and the method it takes", async () => {
    const u = await upstream(() => ({ json: chatCompletion("x") }));
    const g = gateway(chatConfig([u.url]));
    const wrong = await g.fetch(new Request("http://gw/v1/chat/completions"));
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST");
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toBe("/v1/chat/completions takes POST");
    const postMetrics = await g.fetch(new Request("http://gw/metrics", { method: "POST", body: "{}" }));
    expect([postMetrics.status, postMetrics.headers.get("allow")]).toEqual([405, "GET, HEAD"]);
    expect((await g.fetch(new Request("http://gw/health", { method: "HEAD" }))).status).toBe(200);
    expect((await g.fetch(new Request("http://gw/v1/nothing"))).status).toBe(404);
    expect((await g.fetch(new Request("http://gw/health"))).status).toBe(200);
  });

  it("refuses a body over maxBodyBytes with 413 also when it comes chunked, without a length", async () => {
    const u = await upstream(() => ({ json: chatCompletion("x") }));
    const g = gateway({ ...chatConfig([u.url]), server: { maxBodyBytes: 1024 } });
    const text = JSON.stringify(chat("x".repeat(5_000)));
    const chunked = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(new TextEncoder().encode(text)); c.close(); } });
    const res = await g.fetch(new Request("http://gw/v1/chat/completions", { method: "POST", headers: { "content-type": "application/json" }, body: chunked, duplex: "half" } as RequestInit));
    expect(res.status).toBe(413);
    expect(u.requests.length).toBe(0);
  });
});

describe("streaming", () => {
  it("an in-process caller that aborts and never reads the body still gives the replica slot back", async () => {
    const u = await upstream(() => ({ sse: chatChunks(Array.from({ length: 300 }, () => "x"), { delayMs: 2 }) }));
    const g = gateway(chatConfig([u.url]));
    const ac = new AbortController();
    await post(g, "/v1/chat/completions", { ...chat(), stream: true }, {}, ac.signal);
    await new Promise((r) => setTimeout(r, 200)); // the relay fills its queue and waits for a reader that never comes
    ac.abort();
    for (let i = 0; i < 50 && g.replicas()[0]!.outstanding > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(g.replicas()[0]!.outstanding).toBe(0);
    expect(g.usage().byModel["m"]?.requests).toBe(1);
  });

  it("a client that stops reading for longer than betweenChunksMs is not the replica's fault: the stream completes", async () => {
    const u = await upstream(() => ({ sse: chatChunks(Array.from({ length: 100 }, () => "x"), { delayMs: 2 }) }));
    const g = gateway({ ...chatConfig([u.url]), limits: { timeouts: { betweenChunksMs: 100 }, breaker: { failureThreshold: 1, cooldownMs: 60_000 } } });
    const res = await post(g, "/v1/chat/completions", { ...chat(), stream: true });
    const reader = res.body!.getReader();
    await reader.read();
    await new Promise((r) => setTimeout(r, 300)); // the gateway's queue fills and it waits for us
    let text = "";
    for (let part = await reader.read(); !part.done; part = await reader.read()) text += new TextDecoder().decode(part.value);
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(g.replicas()[0]!.breaker).toBe("closed");
  });

  it("relays chunks, asks upstream for usage, emits the usage chunk and [DONE]", async () => {
    const u = await upstream(() => ({ sse: chatChunks(["Hel", "lo"]) }));
    const g = gateway(chatConfig([u.url]));
    const res = await post(g, "/v1/chat/completions", { ...chat(), stream: true });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const { events } = await readSse(res);
    expect(u.requests[0]!.body["stream_options"]).toEqual({ include_usage: true });
    expect(events.at(-1)!.data).toBe("[DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.data) as { model: string; usage?: unknown; choices: { delta: { content?: string } }[] });
    expect(chunks.every((c) => c.model === "m")).toBe(true);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe("Hello");
    expect(chunks.at(-1)!.usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 2 });
    expect(g.usage().byModel["m"]).toMatchObject({ promptTokens: 10, completionTokens: 2, cachedTokens: 4 });
  });

  it("forwards each chunk as it arrives (no buffering)", async () => {
    const u = await upstream(() => ({ sse: chatChunks(["a", "b", "c"], { delayMs: 60 }) }));
    const g = gateway(chatConfig([u.url]));
    const res = await post(g, "/v1/chat/completions", { ...chat(), stream: true });
    const reader = res.body!.getReader();
    const arrivals: number[] = [];
    const t0 = performance.now();
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
      arrivals.push(performance.now() - t0);
    }
    // Chunks spread over ≥ 120 ms, not delivered together at the end.
    expect(arrivals.length).toBeGreaterThanOrEqual(4);
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThan(100);
  });

  it("sends keep-alive comments while the first token is slow", async () => {
    const u = await upstream(() => ({ sse: chatChunks(["x"]).map((s, i) => (i === 0 ? { ...s, delayMs: 120 } : s)) }));
    const g = gateway({ ...chatConfig([u.url]), server: { keepAliveMs: 20 } });
    const { text } = await readSse(await post(g, "/v1/chat/completions", { ...chat(), stream: true }));
    expect(text.startsWith(": keep-alive\n\n")).toBe(true);
    expect(text.match(/: keep-alive/g)!.length).toBeGreaterThanOrEqual(2);
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
  });

  it("a stream cut before any data falls back to another replica; the client sees one clean stream", async () => {
    const bad = await upstream(() => ({ sse: [], end: "cut" }));
    const good = await upstream(() => ({ sse: chatChunks(["ok"]) }));
    const g = gateway(chatConfig([bad.url, good.url], { routing: { policy: "round-robin", sessionAffinity: false } }));
    for (let i = 0; i < 2; i++) {
      const { events } = await readSse(await post(g, "/v1/chat/completions", { ...chat(), stream: true }));
      expect(events.at(-1)!.data).toBe("[DONE]");
    }
    expect(bad.requests.length).toBeGreaterThanOrEqual(1);
    expect(await g.metrics()).toMatch(/truncated_streams_total\{model="m",stage="before-first-byte"\} [1-9]/);
  });

  it("a stream cut mid-answer ends with an error event, never [DONE]", async () => {
    const steps = chatChunks(["par", "tial", "never"]).slice(0, 3);
    const u = await upstream(() => ({ sse: steps, end: "cut" }));
    const g = gateway(chatConfig([u.url]));
    const { events, text } = await readSse(await post(g, "/v1/chat/completions", { ...chat(), stream: true }));
    expect(text).not.toContain("[DONE]");
    expect(events.at(-1)!.event).toBe("error");
    expect(JSON.parse(events.at(-1)!.data)).toMatchObject({ error: { code: "TRUNCATED" } });
    // The typed client turns it into a thrown error after the chunks it got.
    const got: string[] = [];
    await expect((async () => {
      for await (const c of g.chatStream(chat() as never)) got.push(c.choices[0]?.delta.content ?? "");
    })()).rejects.toMatchObject({ code: "TRUNCATED" });
    expect(got.join("")).toBe("partial");
  });

  it("a stream without finish_reason but with [DONE] is truncated too", async () => {
    const steps = chatChunks(["a"]).slice(0, 2);
    const u = await upstream(() => ({ sse: steps }));
    const g = gateway(chatConfig([u.url]));
    const { text } = await readSse(await post(g, "/v1/chat/completions", { ...chat(), stream: true }));
    expect(text).toContain("event: error");
    expect(text).not.toContain("[DONE]");
  });

  it("first-token timeout falls back before any byte", async () => {
    const slow = await upstream(() => ({ hang: true }));
    const fast = await upstream(() => ({ sse: chatChunks(["ok"]) }));
    const g = gateway({ ...chatConfig([slow.url, fast.url], { routing: { policy: "round-robin", sessionAffinity: false } }), limits: { timeouts: { firstTokenMs: 50 }, retry: { baseDelayMs: 1 } } });
    for (let i = 0; i < 2; i++) {
      const { events } = await readSse(await post(g, "/v1/chat/completions", { ...chat(), stream: true }));
      expect(events.at(-1)!.data).toBe("[DONE]");
    }
    expect(slow.aborted).toBeGreaterThanOrEqual(1);
  });

  it("a client abort cancels the upstream request", async () => {
    const u = await upstream(() => ({ sse: chatChunks(Array.from({ length: 50 }, () => "x"), { delayMs: 20 }) }));
    const g = gateway(chatConfig([u.url]));
    const ac = new AbortController();
    const res = await post(g, "/v1/chat/completions", { ...chat(), stream: true }, {}, ac.signal);
    const reader = res.body!.getReader();
    await reader.read();
    const aborted = u.nextAbort();
    await reader.cancel();
    await aborted;
    expect(u.aborted).toBe(1);
    expect(g.replicas()[0]!.outstanding).toBe(0);
  });

  it("an AbortSignal on a non-streamed call cancels upstream", async () => {
    const u = await upstream(() => ({ hang: true }));
    const g = gateway(chatConfig([u.url]));
    const ac = new AbortController();
    const p = g.chat(chat() as never, { signal: ac.signal });
    await vi.waitFor(() => expect(u.requests).toHaveLength(1), { timeout: 5000, interval: 5 }); // in flight upstream, however loaded the machine
    const aborted = u.nextAbort();
    ac.abort();
    await expect(p).rejects.toBeInstanceOf(GatewayError);
    await aborted;
    expect(u.aborted).toBe(1);
  });
});

describe("stream fidelity", () => {
  it("chunks that need no change go out byte for byte as the server wrote them", async () => {
    const raw = '{"id":"x", "object":"chat.completion.chunk", "model":"m", "choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}]}';
    const fin = '{"id":"x","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}';
    const u = await upstream(() => ({ sse: [{ raw: `data: ${raw}\n\n` }, { raw: `data: ${fin}\n\n` }] }));
    const g = gateway({ upstreams: [{ id: "a", url: u.url }], models: [{ name: "m", targets: [{ upstreams: ["a"] }] }] });
    const text = await (await post(g, "/v1/chat/completions", { ...chat(), stream: true })).text();
    expect(text).toBe(`data: ${raw}\n\ndata: ${fin}\n\ndata: [DONE]\n\n`);
  });
});

describe("completions and sessions", () => {
  it("/v1/completions streams text chunks with usage and [DONE]", async () => {
    const base = { id: "c", object: "text_completion", created: 1, model: "up-model" };
    const u = await upstream(() => ({ sse: [
      { data: { ...base, choices: [{ index: 0, text: "Once", finish_reason: null }] } },
      { data: { ...base, choices: [{ index: 0, text: " upon", finish_reason: "length" }] } },
      { data: { ...base, choices: [], usage: { prompt_tokens: 2, completion_tokens: 2, total_tokens: 4 } } },
    ] }));
    const g = gateway(chatConfig([u.url]));
    const { events } = await readSse(await post(g, "/v1/completions", { model: "m", prompt: "Tell", stream: true }));
    expect(u.requests[0]!.path).toBe("/v1/completions");
    expect(events.at(-1)!.data).toBe("[DONE]");
    expect(events.slice(0, 2).map((e) => (JSON.parse(e.data) as { choices: { text: string }[] }).choices[0]!.text).join("")).toBe("Once upon");
    expect(g.usage().byModel["m"]!.completionTokens).toBe(2);
  });

  it("a session header keeps a conversation on one replica", async () => {
    const a = await upstream(() => ({ json: chatCompletion("a") }));
    const b = await upstream(() => ({ json: chatCompletion("b") }));
    const g = gateway(chatConfig([a.url, b.url], { routing: { policy: "round-robin" } }));
    for (let i = 0; i < 6; i++) await post(g, "/v1/chat/completions", chat(`turn ${i}`), { "x-session-id": "conv-1" });
    expect([a.requests.length, b.requests.length].sort()).toEqual([0, 6]);
  });
});

describe("the Upstream port", () => {
  it("an injected in-process upstream serves without any network", async () => {
    const seen: string[] = [];
    const encoder = new TextEncoder();
    const g = gateway(chatConfig(["http://unused.invalid"]), {
      upstreams: (u) => ({
        id: u.id,
        async send(req) {
          seen.push(JSON.parse(req.body).model as string);
          const text = JSON.stringify(chatCompletion("in-process"));
          return { status: 200, header: () => undefined, body: (async function* () { yield encoder.encode(text); })(), text: async () => text };
        },
      }),
    });
    const out = await g.chat(chat() as never);
    expect(out.choices[0]!.message.content).toBe("in-process");
    expect(seen).toEqual(["up-model"]);
  });
});
