/** The vLLM emulator itself: timing model, prefix cache, queueing, metrics and every fault profile. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "./emulator/index.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ replicas: 2, profile: { overheadMs: 5, prefillMsPerToken: 0.1, itlMs: 2, cacheBlocks: 64 } });
});
afterAll(() => emu.close());

const words = (n: number, p = "w") => Array.from({ length: n }, (_, i) => `${p}${i}`).join(" ");
const chat = (content: string, extra: Record<string, unknown> = {}) => ({ model: "emu-model", messages: [{ role: "system", content: words(200) }, { role: "user", content }], max_tokens: 4, ...extra });

async function post(url: string, body: unknown) {
  const t0 = performance.now();
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await res.text();
  return { res, text, ms: performance.now() - t0 };
}

describe("emulator", () => {
  it("charges prefill for uncached tokens only and reports cached_tokens", async () => {
    const url = `${emu.urls[0]}/chat/completions`;
    const first = await post(url, chat("q1 [[a]]"));
    const second = await post(url, chat("q2 [[b]]"));
    const u1 = JSON.parse(first.text).usage;
    const u2 = JSON.parse(second.text).usage;
    expect(u1.prompt_tokens).toBe(205);
    expect(u1.prompt_tokens_details.cached_tokens).toBe(0);
    expect(u2.prompt_tokens_details.cached_tokens).toBe(192);
    // 205 tokens × 0.1 ms ≈ 20 ms of prefill + 5 ms overhead, versus ≈ 1.3 ms + 5 ms with 192 cached.
    const log = emu.replicas[0]!.stats().log;
    expect(log.map((r) => r.tags[0])).toEqual(["a", "b"]);
    expect(log[0]!.plannedTtftMs).toBeCloseTo(25.5, 0);
    expect(log[1]!.plannedTtftMs).toBeCloseTo(6.3, 0);
    // Timers never fire early: the client waited at least TTFT + 3 inter-token gaps.
    expect(first.ms).toBeGreaterThanOrEqual(25.5 + 3 * 2 - 1);
  });

  it("streams with usage and [DONE], and multi-turn prompts hit the cached answer", async () => {
    const url = `${emu.urls[1]}/chat/completions`;
    const body = chat("hello", { stream: true, stream_options: { include_usage: true } });
    const { text } = await post(url, body);
    const events = text.split("\n\n").filter((e) => e.startsWith("data: "));
    expect(events.at(-1)).toBe("data: [DONE]");
    const content = events.slice(0, -1).map((e) => JSON.parse(e.slice(6))).map((c) => c.choices[0]?.delta?.content ?? "").join("");
    const usage = JSON.parse(events.at(-2)!.slice(6)).usage;
    expect(usage.completion_tokens).toBe(4);
    const next = { ...body, stream: false, messages: [...body.messages, { role: "assistant", content }, { role: "user", content: "more" }] };
    const u = JSON.parse((await post(url, next)).text).usage;
    // The prompt (205) plus the 4 answer tokens were cached: 13 full blocks.
    expect(u.prompt_tokens_details.cached_tokens).toBe(208);
  });

  it("evicts least recently used blocks beyond its capacity", async () => {
    const url = `${emu.urls[1]}/completions`;
    emu.replicas[1]!.reset();
    await post(url, { prompt: words(64 * 16, "x"), max_tokens: 1 });
    await post(url, { prompt: words(32 * 16, "y"), max_tokens: 1 });
    const again = JSON.parse((await post(url, { prompt: words(64 * 16, "x"), max_tokens: 1 })).text).usage;
    expect(again.prompt_tokens_details.cached_tokens).toBe(0);
    expect(emu.replicas[1]!.stats().cacheBlocksUsed).toBeLessThanOrEqual(64);
  });

  it("queues beyond its concurrency limit and shows it in /metrics", async () => {
    const r = emu.replicas[0]!;
    r.setProfile({ maxConcurrency: 1, itlMs: 100 });
    try {
      const pending = [1, 2, 3].map((i) => post(`${r.url}/chat/completions`, chat(`c${i}`)));
      for (let i = 0; i < 200 && r.replica.snapshot(false).waiting < 2; i++) await new Promise((res) => setTimeout(res, 5));
      const metrics = await (await fetch(`${r.origin}/metrics`)).text();
      expect(metrics).toMatch(/vllm:num_requests_running\{model_name="emu-model"\} 1/);
      expect(metrics).toMatch(/vllm:num_requests_waiting\{model_name="emu-model"\} 2/);
      expect(metrics).toMatch(/vllm:gpu_cache_usage_perc/);
      await Promise.all(pending);
    } finally {
      r.setProfile({ maxConcurrency: 256, itlMs: 2 });
    }
  });

  it("applies faults: 429 with Retry-After, 5xx, stream cut, silent TTFT, slow factor", async () => {
    const r = emu.replicas[0]!;
    const url = `${r.url}/chat/completions`;
    await fetch(`${r.origin}/admin/profile`, { method: "POST", body: JSON.stringify({ fault: { type: "status", status: 429, retryAfterS: 1, times: 1 } }) });
    const limited = await post(url, chat("x"));
    expect(limited.res.status).toBe(429);
    expect(limited.res.headers.get("retry-after")).toBe("1");
    expect((await post(url, chat("x"))).res.status).toBe(200);

    r.setProfile({ fault: { type: "status", status: 503, times: 2 } });
    expect((await post(url, chat("x"))).res.status).toBe(503);
    expect((await post(url, chat("x"))).res.status).toBe(503);
    expect((await post(url, chat("x"))).res.status).toBe(200);

    r.setProfile({ fault: { type: "cut", afterTokens: 2, times: 1 } });
    const res = await fetch(url, { method: "POST", body: JSON.stringify(chat("x", { stream: true, max_tokens: 10 })) });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();

    r.setProfile({ fault: { type: "silent", ms: 150, times: 1 } });
    expect((await post(url, chat("x"))).ms).toBeGreaterThan(150);

    r.setProfile({ slowFactor: 5 });
    const slow = await post(url, chat("x", { max_tokens: 10 }));
    r.setProfile({ slowFactor: 1 });
    // Every delay × 5: at least 5 × (5 ms overhead + 10 × 2 ms decode).
    expect(slow.ms).toBeGreaterThanOrEqual(5 * (5 + 20) - 1);
    const outcomes = r.stats().outcomes;
    expect(outcomes.status).toBe(3);
    expect(outcomes.cut).toBe(1);
  });

  it("embeds deterministically, floats or base64", async () => {
    const url = `${emu.urls[0]}/embeddings`;
    const a = JSON.parse((await post(url, { input: ["one", "two"] })).text);
    const b = JSON.parse((await post(url, { input: "one", encoding_format: "base64" })).text);
    expect(a.data).toHaveLength(2);
    const decoded = Array.from(new Float32Array(Uint8Array.from(Buffer.from(b.data[0].embedding, "base64")).buffer));
    expect(decoded).toEqual(a.data[0].embedding);
  });
});
