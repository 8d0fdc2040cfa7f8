/** Embedding micro-batching: many concurrent singles → few upstream calls, each answer back to its caller. */
import { afterEach, describe, expect, it } from "vitest";
import { harness, post } from "../testing/harness.js";
import type { GatewayConfigInput } from "../config/schema.js";
import { EmbeddingBatcher } from "./embedding-batcher.js";

const h = harness();
afterEach(h.closeAll);

/** A fake embedding: [length, first char code] of each input, so answers can be checked against inputs. */
const embed = (s: string) => [s.length, s.charCodeAt(0)];

async function embeddingServer() {
  return h.upstream((req) => {
    const input = req.body["input"] as string[] | string;
    const inputs = Array.isArray(input) ? input : [input];
    return { json: { object: "list", model: "e5", data: inputs.map((s, index) => ({ object: "embedding", index, embedding: embed(s) })), usage: { prompt_tokens: inputs.length * 3, total_tokens: inputs.length * 3 } } };
  });
}

const config = (url: string, batching: Record<string, unknown> = {}): GatewayConfigInput => ({
  upstreams: [{ id: "e", url }],
  models: [{ name: "emb", type: "embedding", targets: [{ upstreams: ["e"] }], batching }],
});

describe("embeddings micro-batching", () => {
  it("a batch refused for one caller's input is sent again input by input: only that caller gets the 400", async () => {
    const u = await h.upstream((req) => {
      const inputs = req.body["input"] as string[];
      if (inputs.some((s) => s.length > 50)) return { status: 400, json: { error: { message: "input too long", type: "invalid_request_error" } } };
      return { json: { object: "list", model: "e5", data: inputs.map((s, index) => ({ object: "embedding", index, embedding: embed(s) })), usage: { prompt_tokens: 2, total_tokens: 2 } } };
    });
    const g = h.gateway(config(u.url, { windowMs: 20 }));
    const [ok, bad] = await Promise.all([post(g, "/v1/embeddings", { model: "emb", input: "short" }), post(g, "/v1/embeddings", { model: "emb", input: "x".repeat(100) })]);
    expect([ok.status, bad.status]).toEqual([200, 400]);
    expect(((await ok.json()) as { data: { embedding: number[] }[] }).data[0]!.embedding).toEqual(embed("short"));
    expect(u.requests.length).toBe(3); // the batch, then each alone
  });

  it("merges 100 concurrent single-input requests into a few upstream calls and splits the answers back", async () => {
    const u = await embeddingServer();
    const g = h.gateway(config(u.url, { windowMs: 5, maxInputs: 64 }));
    const inputs = Array.from({ length: 100 }, (_, i) => `${String.fromCharCode(65 + (i % 26))}${"x".repeat(i)}`);
    const results = await Promise.all(inputs.map((input) => g.embeddings({ model: "emb", input })));
    expect(u.requests.length).toBeLessThanOrEqual(4);
    results.forEach((r, i) => {
      expect(r.data).toHaveLength(1);
      expect(r.data[0]!.index).toBe(0);
      expect(r.data[0]!.embedding).toEqual(embed(inputs[i]!));
      expect(r.model).toBe("emb");
    });
    // Usage split across the batch sums to what the upstream reported.
    const total = results.reduce((a, r) => a + r.usage.prompt_tokens, 0);
    expect(total).toBe(100 * 3);
    expect(g.usage().byModel["emb"]!.promptTokens).toBe(300);
  });

  it("a multi-input request goes upstream as it is; batching off sends each single alone", async () => {
    const u = await embeddingServer();
    const g = h.gateway(config(u.url, { enabled: false }));
    const res = await post(g, "/v1/embeddings", { model: "emb", input: ["a", "bb"] });
    expect(((await res.json()) as { data: unknown[] }).data).toHaveLength(2);
    await Promise.all(["a", "b", "c"].map((input) => g.embeddings({ model: "emb", input })));
    expect(u.requests.length).toBe(4);
  });

  it("a batch refused for every input fails every request in it, each after trying alone", async () => {
    const u = await h.upstream(() => ({ status: 400, json: { error: { message: "too long" } } }));
    const g = h.gateway(config(u.url));
    const out = await Promise.allSettled(["a", "b"].map((input) => g.embeddings({ model: "emb", input })));
    expect(out.every((o) => o.status === "rejected")).toBe(true);
    expect(u.requests.length).toBe(3);
  });

  it("a caller that cancels stops waiting for its batch; the others still get theirs", async () => {
    const u = await embeddingServer();
    const g = h.gateway(config(u.url, { windowMs: 150 }));
    const ac = new AbortController();
    const t0 = performance.now();
    const cancelled = g.embeddings({ model: "emb", input: "a" }, { signal: ac.signal });
    const kept = g.embeddings({ model: "emb", input: "bb" });
    setTimeout(() => ac.abort(), 10);
    await expect(cancelled).rejects.toMatchObject({ code: "ABORTED" });
    expect(performance.now() - t0).toBeLessThan(140);
    expect((await kept).data[0]!.embedding).toEqual(embed("bb"));
  });

  it("unit: the size cap sends a batch at once, the time cap sends the rest", async () => {
    const sizes: number[] = [];
    const b = new EmbeddingBatcher(1000, 3, async (inputs) => {
      sizes.push(inputs.length);
      return { data: inputs.map((s, index) => ({ index, embedding: [s.length] })), usage: { prompt_tokens: 6 } };
    });
    const p = ["a", "bb", "ccc"].map((s) => b.submit("k", s, {}));
    const got = await Promise.all(p);
    expect(sizes).toEqual([3]);
    expect(got.map((g) => g.item.embedding)).toEqual([[1], [2], [3]]);
    expect(got.map((g) => g.promptTokens)).toEqual([1, 2, 3]);
  });
});
