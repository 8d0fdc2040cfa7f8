/**
 * The OpenAI-compatible client against a scripted HTTP server on 127.0.0.1: batching and order,
 * headers, what is retried and what is not, malformed answers, timeouts and the caller's abort.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EmbedderError, ValidationError } from "../errors.js";
import { openAIEmbedder, type OpenAIEmbedderOptions } from "./openai-embedder.js";

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: { model: string; input: string[]; encoding_format?: string; dimensions?: number };
  at: number;
}

/** What the server does with one request; `hang` never answers. */
interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  hang?: boolean;
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function serve(script: (request: Received, n: number) => Reply | Promise<Reply>) {
  const requests: Received[] = [];
  let open = 0;
  const server = createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (raw += chunk));
    req.on("end", () => {
      const request = { path: req.url ?? "", headers: req.headers, body: JSON.parse(raw), at: Date.now() };
      requests.push(request);
      void Promise.resolve(script(request, requests.length - 1)).then((reply) => {
        if (reply.hang) {
          open++;
          res.on("close", () => open--);
          return;
        }
        res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
        res.end(typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  closers.push(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  });
  return { baseURL: `http://127.0.0.1:${port}/v1`, requests, hanging: () => open };
}

/** Inputs are "t<n>"; each gets the 2-d vector [1, n], so the order survives normalisation as v[1] / v[0]. */
function vectorsFor(input: readonly string[]) {
  return { object: "list", data: input.map((text, index) => ({ object: "embedding", index, embedding: [1, Number(text.slice(1))] })) };
}

const ok = (request: Received): Reply => ({ body: vectorsFor(request.body.input) });

function client(baseURL: string, extra: Partial<OpenAIEmbedderOptions> = {}) {
  return openAIEmbedder({ baseURL, model: "test-model", dimensions: 2, ...extra });
}

const inputs = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable("expected a rejection"),
    (err: unknown) => err,
  );
}

describe("openAIEmbedder options", () => {
  it("names its model and dimensions in its id", () => {
    const embedder = client("http://localhost:8000/v1");
    expect(embedder.id).toBe("openai:test-model:2");
    expect(embedder.dimensions).toBe(2);
  });

  it.each([
    [{ baseURL: "ftp://example.com/v1" }, "baseURL"],
    [{ baseURL: "localhost:8000" }, "baseURL"],
    [{ model: "" }, "model"],
    [{ dimensions: 0 }, "dimensions"],
    [{ batchSize: 1.5 }, "batchSize"],
    [{ timeoutMs: -1 }, "timeoutMs"],
  ])("rejects %o, naming %s", (bad, field) => {
    const err = (() => {
      try {
        openAIEmbedder({ baseURL: "http://localhost:8000/v1", model: "m", dimensions: 8, ...bad });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.path)).toEqual([field]);
  });
});

describe("openAIEmbedder requests", () => {
  it("splits inputs into batches and reassembles them in input order by index", async () => {
    const server = await serve((request) => {
      const body = vectorsFor(request.body.input);
      body.data.reverse(); // servers may answer out of order
      return { body };
    });
    const vectors = await client(server.baseURL, { batchSize: 64 }).embed(inputs(150));

    expect(server.requests.map((r) => r.body.input.length).sort((a, b) => a - b)).toEqual([22, 64, 64]);
    expect(server.requests.flatMap((r) => r.body.input).sort()).toEqual(inputs(150).sort());
    expect(vectors).toHaveLength(150);
    vectors.forEach((v, i) => {
      expect(Math.round(v[1]! / v[0]!)).toBe(i);
      expect(Math.hypot(v[0]!, v[1]!)).toBeCloseTo(1, 5);
    });
  });

  it("posts the OpenAI request shape to <baseURL>/embeddings", async () => {
    const server = await serve(ok);
    await client(server.baseURL).embed(["t1"]);
    const [request] = server.requests;
    expect(request!.path).toBe("/v1/embeddings");
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.body).toEqual({ model: "test-model", input: ["t1"], encoding_format: "float" });
  });

  it("tolerates a trailing slash and sends dimensions only when asked", async () => {
    const server = await serve(ok);
    await client(`${server.baseURL}/`, { sendDimensions: true }).embed(["t1"]);
    expect(server.requests[0]!.path).toBe("/v1/embeddings");
    expect(server.requests[0]!.body.dimensions).toBe(2);
  });

  it("sends the API key as a bearer token, and extra headers", async () => {
    const server = await serve(ok);
    await client(server.baseURL, { apiKey: "sk-test", headers: { "x-gateway": "east" } }).embed(["t1"]);
    await client(server.baseURL).embed(["t2"]);
    const [withKey, withoutKey] = server.requests;
    expect(withKey!.headers.authorization).toBe("Bearer sk-test");
    expect(withKey!.headers["x-gateway"]).toBe("east");
    expect(withoutKey!.headers.authorization).toBeUndefined();
  });

  it("uses an injected fetch", async () => {
    const server = await serve(ok);
    const spy = vi.fn<typeof fetch>((input, init) => fetch(input, init));
    await client(server.baseURL, { fetch: spy }).embed(["t1"]);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(server.requests).toHaveLength(1);
  });

  it("sends nothing for no texts and rejects non-strings", async () => {
    const server = await serve(ok);
    await expect(client(server.baseURL).embed([])).resolves.toEqual([]);
    await expect(client(server.baseURL).embed(["t1", null as never])).rejects.toThrow(/texts\[1\]/);
    expect(server.requests).toHaveLength(0);
  });
});

describe("openAIEmbedder retries", () => {
  it("retries a 503 and then succeeds", async () => {
    const server = await serve((request, n) => (n === 0 ? { status: 503, body: "overloaded" } : ok(request)));
    const [v] = await client(server.baseURL).embed(["t3"]);
    expect(server.requests).toHaveLength(2);
    expect(Math.round(v![1]! / v![0]!)).toBe(3);
  });

  it("waits as long as Retry-After says, in seconds", async () => {
    const server = await serve((request, n) =>
      n === 0 ? { status: 429, headers: { "retry-after": "1" }, body: { error: { message: "slow down" } } } : ok(request),
    );
    await client(server.baseURL).embed(["t1"]);
    const [first, second] = server.requests;
    // Backoff alone would retry within 500 ms; only Retry-After explains a wait near a second.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
  });

  it("waits as long as Retry-After says, as an HTTP date", async () => {
    const server = await serve((request, n) =>
      n === 0
        ? { status: 503, headers: { "retry-after": new Date(Date.now() + 2000).toUTCString() }, body: "" }
        : ok(request),
    );
    await client(server.baseURL).embed(["t1"]);
    const [first, second] = server.requests;
    // The date has whole seconds, so the wait is between one and two seconds.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
  });

  it.each([
    [400, { error: { message: "input is too long", type: "invalid_request_error" } }, "input is too long"],
    [422, { error: "Input validation error: inputs cannot be empty", error_type: "Validation" }, "inputs cannot be empty"],
    [404, { object: "error", message: "The model `x` does not exist." }, "does not exist"],
  ])("does not retry HTTP %i and surfaces the server's message", async (status, body, message) => {
    const server = await serve(() => ({ status, body }));
    const err = await rejection(client(server.baseURL).embed(["t1"]));
    expect(err).toBeInstanceOf(EmbedderError);
    expect((err as EmbedderError).status).toBe(status);
    expect((err as EmbedderError).message).toContain(message);
    expect(server.requests).toHaveLength(1);
  });

  it("gives up after maxRetries", async () => {
    const server = await serve(() => ({ status: 500, body: { error: { message: "boom" } } }));
    const err = await rejection(client(server.baseURL, { maxRetries: 1 }).embed(["t1"]));
    expect(err).toBeInstanceOf(EmbedderError);
    expect((err as EmbedderError).status).toBe(500);
    expect((err as EmbedderError).message).toMatch(/boom.*after 2 attempts/);
    expect(server.requests).toHaveLength(2);
  });

  it("retries a refused connection, then reports it", async () => {
    const server = await serve(ok);
    const { baseURL } = server;
    await closers.pop()!(); // nothing listens on that port any more
    const spy = vi.fn<typeof fetch>((input, init) => fetch(input, init));
    const err = await rejection(client(baseURL, { maxRetries: 1, fetch: spy }).embed(["t1"]));
    expect(err).toBeInstanceOf(EmbedderError);
    expect((err as EmbedderError).message).toMatch(/ECONNREFUSED/);
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it("times out a silent server, retrying once", async () => {
    const server = await serve(() => ({ hang: true }));
    const err = await rejection(client(server.baseURL, { timeoutMs: 100, maxRetries: 1 }).embed(["t1"]));
    expect(err).toBeInstanceOf(EmbedderError);
    expect((err as EmbedderError).message).toMatch(/timed out after 100 ms/);
    expect(server.requests).toHaveLength(2);
  });
});

describe("openAIEmbedder rejects bad answers", () => {
  it("a vector of the wrong dimension", async () => {
    const server = await serve(ok); // answers 2-d vectors
    const err = await rejection(openAIEmbedder({ baseURL: server.baseURL, model: "m", dimensions: 3 }).embed(["t1"]));
    expect(err).toBeInstanceOf(EmbedderError);
    expect((err as EmbedderError).message).toMatch(/2-dimensional.*expected 3/);
  });

  it("a body that is not JSON, without retrying", async () => {
    const server = await serve(() => ({ body: "<html>gateway</html>" }));
    const err = await rejection(client(server.baseURL).embed(["t1"]));
    expect(err).toBeInstanceOf(EmbedderError);
    expect((err as EmbedderError).message).toMatch(/not JSON.*gateway/);
    expect(server.requests).toHaveLength(1);
  });

  it("JSON of the wrong shape, naming the field", async () => {
    const server = await serve(() => ({ body: { data: [{ index: 0, embedding: "nope" }] } }));
    const err = await rejection(client(server.baseURL).embed(["t1"]));
    expect(err).toBeInstanceOf(EmbedderError);
    expect((err as EmbedderError).message).toContain("data[0].embedding");
  });

  it("too few embeddings, or a repeated index", async () => {
    const short = await serve(() => ({ body: vectorsFor(["t1"]) }));
    await expect(client(short.baseURL).embed(["t1", "t2"])).rejects.toThrow(/1 embeddings for 2 inputs/);
    const repeated = await serve(() => ({
      body: { data: [{ index: 0, embedding: [1, 0] }, { index: 0, embedding: [1, 0] }] },
    }));
    await expect(client(repeated.baseURL).embed(["t1", "t2"])).rejects.toThrow(EmbedderError);
  });
});

describe("openAIEmbedder cancellation", () => {
  // With no retries left, too, the abort must surface as the caller's, not as a network failure.
  it.each([3, 0])("stops at once when the caller aborts mid-request (maxRetries %i)", async (maxRetries) => {
    const controller = new AbortController();
    const server = await serve(() => {
      setTimeout(() => controller.abort(), 20);
      return { hang: true };
    });
    const started = Date.now();
    const err = await rejection(client(server.baseURL, { maxRetries }).embed(["t1"], { signal: controller.signal }));
    expect(err).toMatchObject({ name: "AbortError" });
    expect(Date.now() - started).toBeLessThan(5000); // far below the 30 s request timeout
    await new Promise((resolve) => setTimeout(resolve, 600)); // longer than the first backoff
    expect(server.requests).toHaveLength(1);
  });

  it("stops at once when the caller aborts during a backoff", async () => {
    const controller = new AbortController();
    const server = await serve(() => {
      setTimeout(() => controller.abort(), 20);
      return { status: 503, headers: { "retry-after": "20" }, body: "" };
    });
    const started = Date.now();
    const err = await rejection(client(server.baseURL).embed(["t1"], { signal: controller.signal }));
    expect(err).toMatchObject({ name: "AbortError" });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(server.requests).toHaveLength(1);
  });

  it("sends nothing when the signal is already aborted", async () => {
    const server = await serve(ok);
    const err = await rejection(client(server.baseURL).embed(["t1"], { signal: AbortSignal.abort() }));
    expect(err).toMatchObject({ name: "AbortError" });
    expect(server.requests).toHaveLength(0);
  });

  it("abandons the other batches when one fails", async () => {
    const server = await serve(async (request) => {
      if (!request.body.input.includes("t0")) return { hang: true };
      // Fail only once the other two batches are in flight, so there is something to abandon.
      await vi.waitFor(() => expect(server.hanging()).toBe(2));
      return { status: 400, body: { error: { message: "bad batch" } } };
    });
    const err = await rejection(client(server.baseURL, { batchSize: 1 }).embed(inputs(3)));
    expect((err as EmbedderError).message).toContain("bad batch");
    // The hung requests are cancelled rather than left to their 30 s timeout.
    await vi.waitFor(() => expect(server.hanging()).toBe(0), { timeout: 2000 });
    expect(server.requests).toHaveLength(3);
  });
});
