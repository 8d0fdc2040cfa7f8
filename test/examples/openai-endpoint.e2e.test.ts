import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);

/**
 * The examples' other mode: with OPENAI_BASE_URL set they talk HTTP to an OpenAI-compatible endpoint.
 * A scripted HTTP double stands in for the endpoint, so the real request/response path is exercised offline.
 */
describe("examples against an OpenAI-compatible endpoint (HTTP double)", () => {
  let server: Server;
  let baseURL: string;
  const requests: { model: string; messages: { role: string; content: string | null }[]; auth?: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        const request = JSON.parse(body) as (typeof requests)[number];
        requests.push({ ...request, ...(req.headers.authorization ? { auth: req.headers.authorization } : {}) });
        const system = request.messages.find((m) => m.role === "system")?.content ?? "";
        const name = /her name is (\w+)/i.exec(system)?.[1];
        const content = req.url === "/v1/chat/completions" ? (name ? `Your cat is called ${name}.` : "Nice to meet Pixel!") : "wrong path";
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ choices: [{ message: { role: "assistant", content } }] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("memory-chat runs unchanged against the endpoint and answers from memory", async () => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "--conditions=source", "examples/memory-chat/main.ts"], {
      env: { ...process.env, OPENAI_BASE_URL: baseURL, OPENAI_API_KEY: "test-key", OPENAI_MODEL: "double-1" },
      timeout: 60_000,
    });
    expect(stdout).toContain("ai    Your cat is called Pixel.");
    expect(requests).toHaveLength(2);
    expect(requests.every((r) => r.model === "double-1" && r.auth === "Bearer test-key")).toBe(true);
    expect(requests[1]!.messages.at(-1)).toEqual({ role: "user", content: "What is my cat called?" });
  });
});
