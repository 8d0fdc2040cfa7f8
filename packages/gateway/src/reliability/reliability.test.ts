/** Retries, Retry-After, the retry budget, the client's retry hint, breakers and fallback targets, end to end. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { chatCompletion } from "../testing/scripted-upstream.js";
import { chatConfig } from "../testing/config.js";
import { chatBody, harness, post } from "../testing/harness.js";

const h = harness();
afterEach(h.closeAll);
const oneRoute = { policy: "round-robin", sessionAffinity: false };

describe("retries", () => {
  it("a 503 on one replica is retried on the other", async () => {
    const bad = await h.upstream(() => ({ status: 503, json: { error: { message: "overloaded" } } }));
    const good = await h.upstream(() => ({ json: chatCompletion("ok") }));
    const g = h.gateway(chatConfig([bad.url, good.url], { routing: oneRoute }));
    for (let i = 0; i < 4; i++) expect((await post(g, "/v1/chat/completions", chatBody())).status).toBe(200);
    expect(good.requests.length).toBe(4);
  });

  it("a 400 is passed on as is, never retried", async () => {
    const u = await h.upstream(() => ({ status: 400, json: { error: { message: "bad schema", type: "invalid_request_error" } } }));
    const g = h.gateway(chatConfig([u.url]));
    const res = await post(g, "/v1/chat/completions", chatBody());
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { message: "bad schema", type: "invalid_request_error" } });
    expect(u.requests.length).toBe(1);
  });

  it("honours Retry-After: waits that long before going back to the only replica", async () => {
    const u = await h.upstream((_, n) => (n === 0 ? { status: 429, headers: { "retry-after": "0.15" }, json: { error: { message: "slow down" } } } : { json: chatCompletion("ok") }));
    const g = h.gateway(chatConfig([u.url]));
    const t0 = performance.now();
    expect((await post(g, "/v1/chat/completions", chatBody())).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect(u.requests.length).toBe(2);
  });

  it("a Retry-After beyond maxRetryAfterMs goes back to the client with its Retry-After", async () => {
    const u = await h.upstream(() => ({ status: 429, headers: { "retry-after": "30" }, json: { error: { message: "later" } } }));
    const g = h.gateway(chatConfig([u.url]));
    const res = await post(g, "/v1/chat/completions", chatBody());
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("30");
    expect(u.requests.length).toBe(1);
    // Meanwhile the replica rests for at most maxRetryAfterMs (10 s): callers hear when to come back.
    const later = await post(g, "/v1/chat/completions", chatBody());
    expect(later.status).toBe(429);
    expect(Number(later.headers.get("retry-after"))).toBeLessThanOrEqual(10);
    expect(u.requests.length).toBe(1);
  });

  it("a long Retry-After pauses that replica and sends the request to another, not the 429 to the client", async () => {
    const limited = await h.upstream(() => ({ status: 429, headers: { "retry-after": "30" }, json: { error: { message: "later" } } }));
    const good = await h.upstream(() => ({ json: chatCompletion("ok") }));
    const g = h.gateway(chatConfig([limited.url, good.url], { routing: oneRoute }));
    for (let i = 0; i < 4; i++) expect((await post(g, "/v1/chat/completions", chatBody())).status).toBe(200);
    expect(limited.requests.length).toBe(1); // paused for its 30 s after the first
  });

  it("waits its backoff before routing, so a retry cannot take a slot taken meanwhile (maxOutstanding 1)", async () => {
    let inFlight = 0;
    let peak = 0;
    const u = await h.upstream(async (_, n) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, n === 0 ? 30 : 200));
      inFlight--;
      return n === 0 ? { status: 503, json: { error: { message: "down" } } } : { json: chatCompletion("ok") };
    });
    // A fails at ~30 ms and backs off 100 ms; B starts at 40 ms and holds the only slot until ~240 ms.
    const config = chatConfig([u.url], { routing: oneRoute, limits: { retry: { baseDelayMs: 100, maxDelayMs: 100 } } });
    config.upstreams[0]!.maxOutstanding = 1;
    const g = h.gateway(config);
    const statuses = await Promise.all([post(g, "/v1/chat/completions", chatBody()), new Promise((r) => setTimeout(r, 40)).then(() => post(g, "/v1/chat/completions", chatBody()))]);
    expect(statuses.map((r) => r.status)).toContain(200);
    expect(peak).toBe(1);
  });

  it("a replica that never answers a non-streamed request times out per attempt: the request goes elsewhere and its breaker opens", async () => {
    const hung = await h.upstream(() => ({ hang: true }));
    const good = await h.upstream(() => ({ json: chatCompletion("ok") }));
    const g = h.gateway({
      ...chatConfig([hung.url, good.url], { routing: oneRoute }),
      limits: { timeouts: { attemptMs: 80, totalMs: 5_000 }, breaker: { failureThreshold: 1, cooldownMs: 60_000 }, retry: { baseDelayMs: 0 } },
    });
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      expect((await post(g, "/v1/chat/completions", chatBody())).status).toBe(200);
      expect(performance.now() - t0).toBeLessThan(2_000); // not the 5 s total timeout
    }
    expect(g.replicas()[0]!.breaker).toBe("open");
    expect(hung.requests.length).toBe(1);
  });

  it("x-retry-attempt from the client: one attempt only, so retries never stack", async () => {
    const u = await h.upstream(() => ({ status: 503, json: { error: { message: "down" } } }));
    const g = h.gateway(chatConfig([u.url]));
    expect((await post(g, "/v1/chat/completions", chatBody(), { "x-retry-attempt": "1" })).status).toBe(503);
    expect(u.requests.length).toBe(1);
    expect((await post(g, "/v1/chat/completions", chatBody())).status).toBe(503);
    expect(u.requests.length).toBe(1 + 3);
  });

  it("the retry budget caps retries at ratio × requests (+ floor) when everything fails", async () => {
    const u = await h.upstream(() => ({ status: 503, json: { error: { message: "down" } } }));
    const g = h.gateway({ ...chatConfig([u.url]), limits: { retry: { maxAttempts: 5, baseDelayMs: 0, budget: { ratio: 0.2, minPerWindow: 0, windowMs: 60_000 } }, breaker: { failureThreshold: 1000 } } });
    for (let i = 0; i < 50; i++) await post(g, "/v1/chat/completions", chatBody());
    // 50 requests, at most 20% of them retried.
    expect(u.requests.length).toBeLessThanOrEqual(50 + 10);
    expect(u.requests.length).toBeGreaterThan(50);
    expect(await g.metrics()).toMatch(/retries_total\{reason="budget-exhausted"\} [1-9]/);
  });
});

describe("breakers and fallback", () => {
  it("opens a replica's breaker after repeated failures, then sends one probe after the cooldown", async () => {
    let healthy = false;
    const flaky = await h.upstream(() => (healthy ? { json: chatCompletion("ok") } : { status: 500, json: { error: { message: "boom" } } }));
    const good = await h.upstream(() => ({ json: chatCompletion("ok") }));
    const g = h.gateway({ ...chatConfig([flaky.url, good.url], { routing: oneRoute }), limits: { breaker: { failureThreshold: 2, cooldownMs: 600 }, retry: { baseDelayMs: 0 } } });
    for (let i = 0; i < 6; i++) expect((await post(g, "/v1/chat/completions", chatBody())).status).toBe(200);
    expect(g.replicas()[0]!.breaker).toBe("open");
    const before = flaky.requests.length;
    for (let i = 0; i < 6; i++) await post(g, "/v1/chat/completions", chatBody());
    expect(flaky.requests.length).toBe(before);
    await new Promise((r) => setTimeout(r, 650));
    expect(g.replicas()[0]!.breaker).toBe("half-open");
    healthy = true;
    for (let i = 0; i < 4; i++) await post(g, "/v1/chat/completions", chatBody());
    expect(g.replicas()[0]!.breaker).toBe("closed");
    expect(flaky.requests.length).toBeGreaterThan(before);
  });

  it("an upstream refusing the gateway's own key is the gateway's fault: 502 without the provider's text, and the fallback answers", async () => {
    const refusing = await h.upstream(() => ({ status: 401, json: { error: { message: "Incorrect API key provided: sk-proj-****abcd" } } }));
    const g = h.gateway({ upstreams: [{ id: "p", url: refusing.url, apiKey: "sk-proj-secretabcd" }], models: [{ name: "m", targets: [{ upstreams: ["p"] }] }] });
    const res = await post(g, "/v1/chat/completions", chatBody());
    expect(res.status).toBe(502);
    expect(await res.text()).not.toContain("abcd");
    const backup = await h.upstream(() => ({ json: chatCompletion("backup") }));
    const g2 = h.gateway({ upstreams: [{ id: "p", url: refusing.url }, { id: "b", url: backup.url }], models: [{ name: "m", targets: [{ upstreams: ["p"] }, { upstreams: ["b"], priority: 1 }] }] });
    expect((await post(g2, "/v1/chat/completions", chatBody())).status).toBe(200);
  });

  it("a higher-priority target is a fallback: used only when the primary fails", async () => {
    const primary = await h.upstream(() => ({ status: 502, json: { error: { message: "x" } } }));
    const backup = await h.upstream(() => ({ json: chatCompletion("from backup") }));
    const g = h.gateway({
      upstreams: [{ id: "p", url: primary.url }, { id: "b", url: backup.url }],
      models: [{ name: "m", targets: [{ upstreams: ["p"] }, { upstreams: ["b"], priority: 1, model: "other" }] }],
      limits: { retry: { baseDelayMs: 0 } },
    });
    const res = await post(g, "/v1/chat/completions", chatBody());
    expect(res.status).toBe(200);
    expect(primary.requests.length).toBe(1);
    expect(backup.requests[0]!.body["model"]).toBe("other");
  });

  it("weights split traffic across providers of the same priority", async () => {
    const a = await h.upstream(() => ({ json: chatCompletion("a") }));
    const b = await h.upstream(() => ({ json: chatCompletion("b") }));
    let x = 0;
    const g = h.gateway({
      upstreams: [{ id: "a", url: a.url }, { id: "b", url: b.url }],
      models: [{ name: "m", targets: [{ upstreams: ["a"], weight: 3 }, { upstreams: ["b"], weight: 1 }] }],
    }, { random: () => ((x = (x + 0.618034) % 1)) });
    for (let i = 0; i < 40; i++) await post(g, "/v1/chat/completions", chatBody());
    expect(a.requests.length).toBeGreaterThanOrEqual(27);
    expect(a.requests.length).toBeLessThanOrEqual(33);
  });

  it("no available replica at all → 503 NO_REPLICA", async () => {
    const u = await h.upstream(() => ({ status: 500, json: { error: { message: "x" } } }));
    const g = h.gateway({ ...chatConfig([u.url]), limits: { breaker: { failureThreshold: 1, cooldownMs: 60_000 }, retry: { maxAttempts: 1 } } });
    await post(g, "/v1/chat/completions", chatBody());
    const res = await post(g, "/v1/chat/completions", chatBody());
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("NO_REPLICA");
  });

  it("a refused connection is retried on another replica", async () => {
    const good = await h.upstream(() => ({ json: chatCompletion("ok") }));
    const g = h.gateway(chatConfig(["http://127.0.0.1:9", good.url], { routing: oneRoute }));
    for (let i = 0; i < 3; i++) expect((await post(g, "/v1/chat/completions", chatBody())).status).toBe(200);
  });
});

describe("health checks", () => {
  it("a replica failing its health probe leaves routing until it passes again", async () => {
    let sick = true;
    const a = await h.upstream((req) => (req.path === "/health" ? { status: sick ? 503 : 200, json: {} } : { json: chatCompletion("a") }));
    const b = await h.upstream((req) => (req.path === "/health" ? { status: 200, json: {} } : { json: chatCompletion("b") }));
    const g = h.gateway({ ...chatConfig([`${a.url}/v1`, b.url], { routing: oneRoute }), health: { intervalMs: 25 } });
    // Probes run on a timer: wait for their verdict rather than a fixed time, which a loaded CI machine can outlast.
    await vi.waitFor(() => expect(g.replicas().map((r) => r.healthy)).toEqual([false, true]), { timeout: 5000, interval: 10 });
    for (let i = 0; i < 4; i++) await post(g, "/v1/chat/completions", chatBody());
    expect(a.requests.filter((r) => r.path !== "/health")).toHaveLength(0);
    sick = false;
    await vi.waitFor(() => expect(g.replicas()[0]!.healthy).toBe(true), { timeout: 5000, interval: 10 });
  });
});
