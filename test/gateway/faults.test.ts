/**
 * The gateway against a misbehaving upstream: every fault profile of the vLLM emulator with its expected
 * outcome, over HTTP (the gateway started with `startGatewayServer`, the emulator in-process on its own ports).
 * For each case the requests are counted twice — at the emulator (per `[[tag]]`, with how each attempt ended)
 * and at the client — so that a request lost, answered twice or passed on as a clean finish when it was not
 * fails the test.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startGatewayServer, type GatewayConfigInput, type GatewayServer } from "@hippograph/gateway";
import { startEmulator, type Emulator, type ProfileInput, type RequestRecord } from "./emulator/index.js";

const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

interface Setup {
  emu: Emulator;
  gw: GatewayServer;
  ids: string[];
}

async function setup(profiles: ProfileInput[], extra: { policy?: "least-outstanding" | "prefix-aware" | "round-robin"; limits?: GatewayConfigInput["limits"]; keepAliveMs?: number } = {}): Promise<Setup> {
  const emu = await startEmulator({ replicas: profiles.length, profile: profiles });
  opened.push(emu);
  const ids = emu.replicas.map((r) => `r${r.index}`);
  const config: GatewayConfigInput = {
    server: { keepAliveMs: extra.keepAliveMs ?? 10_000 },
    upstreams: emu.replicas.map((r, i) => ({ id: ids[i]!, url: r.origin })),
    models: [{ name: "m", targets: [{ upstreams: ids, model: "emu-model" }], routing: { policy: extra.policy ?? "least-outstanding", sessionAffinity: false }, cache: { enabled: false } }],
    limits: {
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 50, budget: { ratio: 1, minPerWindow: 10_000 } },
      ...extra.limits,
    },
  };
  const gw = await startGatewayServer({ config, port: 0 });
  opened.push(gw);
  return { emu, gw, ids };
}

const chat = (tag: string, extra: Record<string, unknown> = {}) => ({ model: "m", messages: [{ role: "user", content: `[[${tag}]] tell me something` }], max_tokens: 6, ...extra });

async function call(gw: GatewayServer, body: unknown): Promise<{ status: number; json: any; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(`${gw.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json, ms: performance.now() - t0 };
}

interface StreamResult {
  status: number;
  /** Raw SSE text as received (comments included). */
  raw: string;
  content: string;
  done: boolean;
  errorEvent: boolean;
  finishReason: string | null;
  /** The body ended in a transport error instead of a close. */
  broken: boolean;
  comments: number;
  commentsBeforeData: number;
}

async function stream(gw: GatewayServer, body: unknown): Promise<StreamResult> {
  const res = await fetch(`${gw.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...(body as object), stream: true }) });
  let raw = "";
  let broken = false;
  try {
    const dec = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) raw += dec.decode(chunk, { stream: true });
  } catch {
    broken = true;
  }
  let content = "";
  let finishReason: string | null = null;
  let done = false;
  let errorEvent = false;
  let comments = 0;
  let commentsBeforeData = 0;
  let seenData = false;
  for (const ev of raw.split(/\n\n/)) {
    const lines = ev.split("\n").filter((l) => l.length > 0);
    if (lines.length === 0) continue;
    if (lines.every((l) => l.startsWith(":"))) {
      comments++;
      if (!seenData) commentsBeforeData++;
      continue;
    }
    if (lines.some((l) => l === "event: error")) errorEvent = true;
    const data = lines.find((l) => l.startsWith("data:"))?.slice(5).trim();
    if (data === undefined) continue;
    seenData = true;
    if (data === "[DONE]") {
      done = true;
      continue;
    }
    try {
      const j = JSON.parse(data) as { choices?: Array<{ delta?: { content?: string }; finish_reason?: string | null }> };
      for (const c of j.choices ?? []) {
        content += c.delta?.content ?? "";
        if (c.finish_reason) finishReason = c.finish_reason;
      }
    } catch {
      /* error payloads */
    }
  }
  return { status: res.status, raw, content, done, errorEvent, finishReason, broken, comments, commentsBeforeData };
}

const logOf = (emu: Emulator): RequestRecord[] => emu.replicas.flatMap((r) => r.stats().log);
const byTag = (log: RequestRecord[], tag: string) => log.filter((r) => r.tags.includes(tag));

/** Every tag reached the emulator's success path exactly once, and nothing else succeeded. */
function expectAnsweredOnce(emu: Emulator, tags: readonly string[]) {
  const log = logOf(emu);
  for (const tag of tags) expect(byTag(log, tag).filter((r) => r.outcome === "ok"), `successful attempts of ${tag}`).toHaveLength(1);
  expect(log.filter((r) => r.outcome === "ok")).toHaveLength(tags.length);
}

const quick: ProfileInput = { itlMs: 1 };

describe("gateway under upstream faults", () => {
  it("429 with Retry-After: waits the delay, retries, succeeds; one answer", async () => {
    const { emu, gw } = await setup([{ ...quick, fault: { type: "status", status: 429, retryAfterS: 0.5, times: 1 } }]);
    const r = await call(gw, chat("rl-1"));
    expect(r.status).toBe(200);
    expect(r.json.choices[0].message.content.length).toBeGreaterThan(0);
    const attempts = byTag(logOf(emu), "rl-1");
    expect(attempts.map((a) => a.status)).toEqual([429, 200]);
    // The retry came after the Retry-After delay, not before.
    expect(attempts[1]!.arrivedAt - attempts[0]!.arrivedAt).toBeGreaterThanOrEqual(480);
    expectAnsweredOnce(emu, ["rl-1"]);
  });

  it("5xx: retried on another replica; every request answered exactly once", async () => {
    const { emu, gw } = await setup([{ ...quick, fault: { type: "status", status: 503 } }, quick]);
    const tags = Array.from({ length: 12 }, (_, i) => `5xx-${i}`);
    const results = await Promise.all(tags.map((t) => call(gw, chat(t))));
    expect(results.map((r) => r.status)).toEqual(tags.map(() => 200));
    const log = logOf(emu);
    expect(log.filter((r) => r.status === 503).every((r) => r.replica === 0)).toBe(true);
    expect(log.filter((r) => r.outcome === "ok").every((r) => r.replica === 1)).toBe(true);
    expectAnsweredOnce(emu, tags);
  });

  it("breaker: opens after repeated failures, half-open probe after the cooldown closes it", async () => {
    const { emu, gw } = await setup([{ ...quick, fault: { type: "status", status: 500 } }, quick], { limits: { breaker: { failureThreshold: 3, cooldownMs: 1500 } } });
    const tags: string[] = [];
    for (let i = 0; i < 12; i++) {
      tags.push(`br-a${i}`);
      expect((await call(gw, chat(`br-a${i}`))).status).toBe(200);
    }
    const failedAtA = emu.replicas[0]!.stats().requests;
    // Once open, the failing replica gets no more traffic during the cooldown: the threshold's worth of failures.
    expect(failedAtA).toBe(3);
    expect(gw.gateway.replicas().find((r) => r.id === "r0")!.breaker).toBe("open");

    emu.replicas[0]!.setProfile({ fault: null });
    await new Promise((r) => setTimeout(r, 1550));
    expect(gw.gateway.replicas().find((r) => r.id === "r0")!.breaker).toBe("half-open");
    for (let i = 0; i < 8; i++) {
      tags.push(`br-b${i}`);
      expect((await call(gw, chat(`br-b${i}`))).status).toBe(200);
    }
    expect(gw.gateway.replicas().find((r) => r.id === "r0")!.breaker).toBe("closed");
    // The probe and later requests reached r0 again and succeeded there.
    expect(emu.replicas[0]!.stats().outcomes.ok).toBeGreaterThanOrEqual(1);
    expectAnsweredOnce(emu, tags);
  });

  it("stream cut before the first byte: falls back to another replica, clean stream to the client", async () => {
    const { emu, gw } = await setup([{ ...quick, fault: { type: "cut", afterTokens: 0 } }, quick], { policy: "round-robin" });
    const tags = ["cut0-a", "cut0-b", "cut0-c", "cut0-d"];
    for (const t of tags) {
      const s = await stream(gw, chat(t));
      expect(s.status).toBe(200);
      expect(s.done).toBe(true);
      expect(s.errorEvent).toBe(false);
      expect(s.content.split(" ")).toHaveLength(6);
    }
    expect(logOf(emu).some((r) => r.outcome === "cut")).toBe(true);
    expectAnsweredOnce(emu, tags);
  });

  it("stream cut mid-answer: never passed on as a clean finish", async () => {
    const { emu, gw } = await setup([{ ...quick, fault: { type: "cut", afterTokens: 3 } }]);
    const s = await stream(gw, chat("cut3", { max_tokens: 10 }));
    expect(s.content.length).toBeGreaterThan(0); // tokens already reached the client…
    expect(s.done).toBe(false); // …so no [DONE],
    expect(s.finishReason).toBeNull(); // no finish_reason,
    expect(s.errorEvent || s.broken).toBe(true); // and an error event (or a broken body) says it was cut.
    const attempts = byTag(logOf(emu), "cut3");
    // Not retried after data went out: that would answer twice.
    expect(attempts.map((a) => a.outcome)).toEqual(["cut"]);
  });

  it("long silent TTFT: keep-alive comments arrive and the request still completes", async () => {
    const { emu, gw } = await setup([{ ...quick, fault: { type: "silent", ms: 700, times: 1 } }], { keepAliveMs: 100 });
    const s = await stream(gw, chat("silent"));
    expect(s.status).toBe(200);
    expect(s.commentsBeforeData).toBeGreaterThanOrEqual(3);
    expect(s.done).toBe(true);
    expect(s.finishReason).toBe("length");
    expectAnsweredOnce(emu, ["silent"]);
  });

  for (const policy of ["least-outstanding", "prefix-aware"] as const) {
    it(`slow replica: ${policy} sends it less than its share (open-loop arrivals)`, async () => {
      const normal = { itlMs: 4, outputTokens: 8 };
      const { emu, gw } = await setup([{ ...normal, slowFactor: 15 }, normal, normal], { policy });
      // A steady stream (one request every 10 ms, each ≈ 32 ms on a normal replica and ≈ 0.5 s on the slow one):
      // the slow replica's requests pile up, which a load-aware policy sees.
      const tags = Array.from({ length: 40 }, (_, i) => `slow-${policy}-${i}`);
      const rs = await Promise.all(
        tags.map(async (t, i) => {
          await new Promise((r) => setTimeout(r, i * 10));
          return call(gw, { ...chat(t), max_tokens: 8, messages: [{ role: "user", content: `[[${t}]] unique question ${t}` }] });
        }),
      );
      expect(rs.every((r) => r.status === 200)).toBe(true);
      const counts = emu.replicas.map((r) => r.stats().outcomes.ok);
      expect(counts[0]!).toBeLessThan(tags.length / 3);
      expect(counts[0]!).toBeLessThan(Math.min(counts[1]!, counts[2]!));
      expectAnsweredOnce(emu, tags);
    });
  }

  it("client cancel reaches the upstream (aborted there, not finished)", async () => {
    const { emu, gw } = await setup([{ itlMs: 50, outputTokens: 40 }]);
    const ac = new AbortController();
    const res = await fetch(`${gw.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...chat("cancel"), max_tokens: 40, stream: true }), signal: ac.signal });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    ac.abort();
    for (let i = 0; i < 200 && byTag(logOf(emu), "cancel").length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const attempts = byTag(logOf(emu), "cancel");
    expect(attempts.map((a) => a.outcome)).toEqual(["aborted"]);
  });

  it("connection dropped on a non-streamed request: retried elsewhere, answered once", async () => {
    const { emu, gw } = await setup([{ ...quick, fault: { type: "cut", afterTokens: 2 } }, quick], { policy: "round-robin" });
    const tags = ["drop-a", "drop-b", "drop-c", "drop-d"];
    const rs = await Promise.all(tags.map((t) => call(gw, chat(t))));
    expect(rs.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(logOf(emu).some((r) => r.outcome === "cut")).toBe(true);
    expectAnsweredOnce(emu, tags);
  });

  it("every replica failing: a bounded number of attempts, then an error to the client (no hang, no success)", async () => {
    const { emu, gw } = await setup([{ ...quick, fault: { type: "status", status: 502 } }, { ...quick, fault: { type: "status", status: 500 } }]);
    const r = await call(gw, chat("all-down"));
    expect(r.status).toBeGreaterThanOrEqual(500);
    expect(r.json.error).toBeDefined();
    const attempts = byTag(logOf(emu), "all-down");
    expect(attempts.length).toBeGreaterThanOrEqual(1);
    expect(attempts.length).toBeLessThanOrEqual(3);
    expect(attempts.every((a) => a.outcome === "status")).toBe(true);
  });

  it("Retry-After longer than the gateway will wait: the 429 goes back to the client at once", async () => {
    const { emu, gw } = await setup([{ ...quick, fault: { type: "status", status: 429, retryAfterS: 30 } }], { limits: { retry: { maxRetryAfterMs: 1000 } } });
    const r = await call(gw, chat("rl-long"));
    expect(r.status).toBe(429);
    expect(r.ms).toBeLessThan(1000);
    expect(byTag(logOf(emu), "rl-long")).toHaveLength(1);
  });

  it("embeddings: batched requests survive a failing replica, each input answered once", async () => {
    const emu = await startEmulator({ replicas: 2, profile: [{ fault: { type: "status", status: 503, times: 2 } }, {}] });
    opened.push(emu);
    const gw = await startGatewayServer({
      port: 0,
      config: {
        upstreams: emu.replicas.map((r) => ({ id: `r${r.index}`, url: r.origin })),
        models: [{ name: "e", type: "embedding", targets: [{ upstreams: ["r0", "r1"], model: "emu-model" }], routing: { policy: "round-robin", sessionAffinity: false }, cache: { enabled: false } }],
        limits: { retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, budget: { ratio: 1, minPerWindow: 10_000 } } },
      },
    });
    opened.push(gw);
    const n = 40;
    const rs = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const res = await fetch(`${gw.url}/v1/embeddings`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "e", input: `[[emb-${i}]] text ${i}` }) });
        return { status: res.status, json: (await res.json()) as { data?: Array<{ embedding: number[] }> } };
      }),
    );
    expect(rs.map((r) => r.status)).toEqual(rs.map(() => 200));
    expect(rs.every((r) => r.json.data?.length === 1 && r.json.data[0]!.embedding.length === 8)).toBe(true);
    const ok = logOf(emu).filter((r) => r.outcome === "ok");
    for (let i = 0; i < n; i++) expect(ok.filter((r) => r.tags.includes(`emb-${i}`)), `emb-${i}`).toHaveLength(1);
    // Batched: far fewer upstream calls than requests.
    expect(ok.length).toBeLessThan(n / 2);
  });
});
