/** The exact cache: deterministic requests only, per key namespace, TTL and LRU bound, stream replay. */
import { afterEach, describe, expect, it } from "vitest";
import { chatCompletion } from "../testing/scripted-upstream.js";
import { chatConfig } from "../testing/config.js";
import { chatBody, harness, post } from "../testing/harness.js";
import { ExactCache } from "./exact-cache.js";

const h = harness();
afterEach(h.closeAll);

describe("exact cache", () => {
  it("serves a repeated temperature-0 request from the cache, per API key", async () => {
    const u = await h.upstream(() => ({ json: chatCompletion("cached answer") }));
    const g = h.gateway({ ...chatConfig([u.url]), keys: [{ key: "a", name: "A" }, { key: "b", name: "B" }] });
    const body = chatBody("q", { temperature: 0 });
    const r1 = await post(g, "/v1/chat/completions", body, { authorization: "Bearer a" });
    const r2 = await post(g, "/v1/chat/completions", body, { authorization: "Bearer a" });
    expect(r2.headers.get("x-gateway-cache")).toBe("hit");
    expect(await r2.json()).toEqual(await r1.json());
    expect(u.requests.length).toBe(1);
    // Another key is another namespace.
    await post(g, "/v1/chat/completions", body, { authorization: "Bearer b" });
    expect(u.requests.length).toBe(2);
    expect(g.usage().byKey["A"]).toMatchObject({ requests: 2, cacheHits: 1 });
    expect(await g.metrics()).toContain('hippograph_gateway_cache_lookups_total{result="hit"} 1');
  });

  it("never caches sampled requests; a seed makes them cacheable", async () => {
    const u = await h.upstream(() => ({ json: chatCompletion("x") }));
    const g = h.gateway(chatConfig([u.url]));
    await post(g, "/v1/chat/completions", chatBody("q", { temperature: 0.7 }));
    await post(g, "/v1/chat/completions", chatBody("q", { temperature: 0.7 }));
    expect(u.requests.length).toBe(2);
    await post(g, "/v1/chat/completions", chatBody("q", { temperature: 0.7, seed: 1 }));
    await post(g, "/v1/chat/completions", chatBody("q", { temperature: 0.7, seed: 1 }));
    expect(u.requests.length).toBe(3);
  });

  it("replays a cached answer as a stream for a deterministic stream request", async () => {
    const u = await h.upstream(() => ({ json: chatCompletion("replayed") }));
    const g = h.gateway(chatConfig([u.url]));
    await post(g, "/v1/chat/completions", chatBody("q", { temperature: 0 }));
    const res = await post(g, "/v1/chat/completions", chatBody("q", { temperature: 0, stream: true }));
    const text = await res.text();
    expect(res.headers.get("x-gateway-cache")).toBe("hit");
    expect(text).toContain('"content":"replayed"');
    expect(text).toContain('"usage"');
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(u.requests.length).toBe(1);
  });

  it("unit: TTL expiry and the LRU bound", () => {
    let now = 0;
    const c = new ExactCache(2, 100, () => now);
    const v = (s: string) => ({ body: s, json: {} });
    c.set("a", v("A"));
    c.set("b", v("B"));
    expect(c.get("a")?.body).toBe("A");
    c.set("c", v("C"));
    expect(c.get("b")).toBeUndefined();
    expect(c.size).toBe(2);
    now = 101;
    expect(c.get("a")).toBeUndefined();
  });

  it("unit: the byte bound evicts the least recently used, keeps its count exact, and refuses an entry larger than the bound", () => {
    const c = new ExactCache(100, 1_000, () => 0, 100);
    const v = (s: string) => ({ body: s, json: {} });
    c.set("a", v("x".repeat(20))); // 1 + 40 = 41 bytes
    c.set("b", v("y".repeat(20))); // 41: 82 held
    expect(c.bytes).toBe(82);
    c.get("a"); // a is now the most recent
    c.set("c", v("z".repeat(20))); // 123 > 100: b, the least recent, goes
    expect([c.get("a")?.body.length, c.get("b"), c.get("c")?.body.length]).toEqual([20, undefined, 20]);
    expect(c.bytes).toBe(82);
    c.set("a", v("w".repeat(5))); // replaced: 41 → 11
    expect(c.bytes).toBe(52);
    c.set("huge", v("h".repeat(60))); // 124 bytes alone: never stored, nothing evicted for it
    expect([c.get("huge"), c.size, c.bytes]).toEqual([undefined, 2, 52]);
    c.set("a", v("h".repeat(60))); // a newer answer too large to keep still replaces the stored one
    expect([c.get("a"), c.size, c.bytes]).toEqual([undefined, 1, 41]);
    c.set("猫", v("ねこ")); // wider than Latin-1: two bytes a character (2 + 2 × 4)
    expect(c.bytes).toBe(51);
    c.clear();
    expect([c.size, c.bytes]).toEqual([0, 0]);
  });

  it("unit: an expired entry read gives its bytes back", () => {
    let now = 0;
    const c = new ExactCache(10, 100, () => now, 1_000);
    c.set("k", { body: "abc", json: {} });
    expect(c.bytes).toBe(7);
    now = 100;
    expect(c.get("k")).toBeUndefined();
    expect([c.size, c.bytes]).toEqual([0, 0]);
  });
});
