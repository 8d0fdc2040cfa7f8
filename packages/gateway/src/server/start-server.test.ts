/** The gateway over real HTTP on 127.0.0.1: OpenAI clients' view, and a client disconnect reaching upstream. */
import { afterEach, describe, expect, it } from "vitest";
import { request } from "undici";
import { chatChunks, chatCompletion } from "../testing/scripted-upstream.js";
import { chatConfig } from "../testing/config.js";
import { harness } from "../testing/harness.js";
import { startGatewayServer } from "./start-server.js";

const h = harness();
afterEach(h.closeAll);

describe("startGatewayServer", () => {
  it("serves the OpenAI API on a free port", async () => {
    const u = await h.upstream((req) => (req.body["stream"] ? { sse: chatChunks(["a", "b"]) } : { json: chatCompletion("hello") }));
    const server = h.track(await startGatewayServer({ config: chatConfig([u.url]), port: 0 }));
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "x" }] }) });
    expect(((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toBe("hello");
    const s = await fetch(`${server.url}/v1/chat/completions`, { method: "POST", body: JSON.stringify({ model: "m", messages: [], stream: true }) });
    expect(await s.text()).toMatch(/data: \[DONE\]\n\n$/);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
  });

  it("streams over HTTP chunk by chunk, as the upstream produces them", async () => {
    const u = await h.upstream(() => ({ sse: chatChunks(["a", "b", "c", "d"], { delayMs: 50 }) }));
    const server = h.track(await startGatewayServer({ config: chatConfig([u.url]), port: 0 }));
    const res = await request(`${server.url}/v1/chat/completions`, { method: "POST", body: JSON.stringify({ model: "m", messages: [], stream: true }) });
    const arrivals: number[] = [];
    const t0 = performance.now();
    for await (const _ of res.body) arrivals.push(performance.now() - t0);
    expect(arrivals.length).toBeGreaterThanOrEqual(4);
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThan(120);
  });

  it("a client that disconnects mid-stream cancels the upstream request", async () => {
    const u = await h.upstream(() => ({ sse: chatChunks(Array.from({ length: 100 }, () => "x"), { delayMs: 20 }) }));
    const server = h.track(await startGatewayServer({ config: chatConfig([u.url]), port: 0 }));
    const ac = new AbortController();
    const res = await request(`${server.url}/v1/chat/completions`, { method: "POST", body: JSON.stringify({ model: "m", messages: [], stream: true }), signal: ac.signal });
    for await (const _ of res.body) break;
    const aborted = u.nextAbort();
    ac.abort();
    await aborted;
    expect(u.aborted).toBe(1);
  });
});
