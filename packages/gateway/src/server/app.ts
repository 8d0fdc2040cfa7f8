/**
 * The HTTP API as a Hono app — OpenAI-compatible, so `ChatOpenAI({ configuration: { baseURL } })`, the Vercel
 * AI SDK's `createOpenAICompatible` and plain `fetch` work unchanged. Routes only parse, authenticate and hand
 * over to the core handlers; the same handlers serve the typed in-process client.
 */
import { Hono, type Context } from "hono";
import { GatewayError } from "../errors.js";
import { ANONYMOUS, authenticate, authorizeMetrics, bearer, isClientRetry, RETRY_HEADER } from "../core/auth.js";
import { embeddings } from "../core/embeddings.js";
import { generate } from "../core/generate.js";
import type { CloseSource, CoreRequest, Endpoint, GatewayCore, KeyInfo } from "../core/gateway-core.js";
import { listModels } from "../core/models-list.js";
import { errorResponse, jsonResponse, toResponse, type Reply } from "../core/responses.js";

type Handler = (core: GatewayCore, req: CoreRequest) => Promise<Reply>;

export function buildApp(core: GatewayCore, keys: ReadonlyMap<string, KeyInfo>): Hono {
  const app = new Hono();
  const max = core.config.server.maxBodyBytes;

  const handle = (path: Endpoint, handler: Handler) => async (c: Context): Promise<Response> => {
    const headers = c.req.raw.headers;
    try {
      const key = authenticate(keys, bearer(headers.get("authorization")));
      const length = Number(headers.get("content-length") ?? 0);
      if (length > max) throw new GatewayError("BAD_REQUEST", `request body over ${max} bytes`, { status: 413 });
      const text = await readLimited(c.req.raw, max); // a chunked body has no length to check up front
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new GatewayError("BAD_REQUEST", "the request body is not valid JSON");
      }
      if (typeof body !== "object" || body === null || Array.isArray(body)) throw new GatewayError("BAD_REQUEST", "the request body must be a JSON object");
      const b = body as Record<string, unknown>;
      const model = typeof b["model"] === "string" ? core.models.get(b["model"]) : undefined;
      const session = headers.get(model?.config.routing.sessionHeader ?? "x-session-id") ?? (typeof b["user"] === "string" ? b["user"] : undefined);
      const closeSource = (c.env as { outgoing?: CloseSource } | undefined)?.outgoing;
      return toResponse(await handler(core, {
        path, body: b, key, session, noRetry: isClientRetry(headers.get(RETRY_HEADER)),
        ...(closeSource ? { signal: undefined, closeSource } : { signal: c.req.raw.signal }),
      }));
    } catch (error) {
      return errorResponse(error);
    }
  };

  app.post("/v1/chat/completions", handle("/v1/chat/completions", generate));
  app.post("/v1/completions", handle("/v1/completions", generate));
  app.post("/v1/embeddings", handle("/v1/embeddings", embeddings));
  app.get("/v1/models", (c) => {
    try {
      const key = keys.size === 0 ? ANONYMOUS : authenticate(keys, bearer(c.req.raw.headers.get("authorization")));
      return jsonResponse(JSON.stringify(listModels(core, key)));
    } catch (error) {
      return errorResponse(error);
    }
  });
  app.get("/metrics", async (c) => {
    try {
      authorizeMetrics(keys, core.config.server.publicMetrics, bearer(c.req.raw.headers.get("authorization")));
      return new Response(await core.metrics.text(), { headers: { "content-type": core.metrics.registry.contentType } });
    } catch (error) {
      return errorResponse(error);
    }
  });
  app.get("/health", () => {
    const up = core.replicas.filter((r) => r.healthy && r.breaker.state !== "open").length;
    return jsonResponse(JSON.stringify({ status: up > 0 ? "ok" : "degraded", replicas: { up, total: core.replicas.length } }), up > 0 ? 200 : 503);
  });
  // A known path asked with another method: 405 naming the one it takes, not a 404 that says the path is wrong.
  for (const [path, methods] of methodsByPath(app)) {
    app.all(path, () => {
      const response = errorResponse(new GatewayError("BAD_REQUEST", `${path} takes ${methods[0]}`, { status: 405 }));
      response.headers.set("allow", methods.join(", "));
      return response;
    });
  }
  app.notFound(() => errorResponse(new GatewayError("BAD_REQUEST", "no such route", { status: 404 })));
  app.onError((error) => errorResponse(error));
  return app;
}

/** The methods each registered path takes, HEAD beside GET (Hono answers HEAD with the GET handler). */
function methodsByPath(app: Hono): Map<string, string[]> {
  const methods = new Map<string, string[]>();
  for (const { path, method } of app.routes) {
    if (method === "ALL") continue;
    methods.set(path, [...(methods.get(path) ?? []), ...(method === "GET" ? ["GET", "HEAD"] : [method])]);
  }
  return methods;
}

/** The body as text, refused (413) as soon as it passes `max` bytes rather than after it was all read. */
async function readLimited(request: Request, max: number): Promise<string> {
  if (!request.body) return "";
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > max) {
      await reader.cancel();
      throw new GatewayError("BAD_REQUEST", `request body over ${max} bytes`, { status: 413 });
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks)); // drops a BOM, as Request.text() does
}
