/**
 * /v1/chat/completions and /v1/completions: exact cache, then the attempt loop — buffered JSON for plain
 * requests, a relayed event stream for `stream: true`. Usage is always in the answer, and always accounted.
 */
import { GatewayError, errorBody, statusOf, type UpstreamError } from "../errors.js";
import { ExactCache, isDeterministic } from "../cache/exact-cache.js";
import type { Usage } from "../observability/accounting.js";
import { endSpan, startRequestSpan } from "../observability/tracing.js";
import type { Route } from "../routing/model-router.js";
import { SseSink } from "../stream/sse-sink.js";
import { withAttempts } from "./attempts.js";
import type { CoreRequest, GatewayCore, ModelEntry } from "./gateway-core.js";
import { estimateTokens, renderPrompt, type Json } from "./prompt.js";
import { RequestScope, routeContext } from "./request-scope.js";
import { replayStream } from "./replay.js";
import { errorReply, jsonReply, sseReply, type Reply } from "./responses.js";
import { streamAttempt } from "./stream-attempt.js";
import { withAttemptDeadline } from "./attempt-deadline.js";
import { sendChecked, transportError } from "./upstream-errors.js";

export function resolveModel(core: GatewayCore, req: CoreRequest, type: "chat" | "embedding"): ModelEntry {
  if (core.closed) throw new GatewayError("CLOSED", "the gateway is closed");
  const name = req.body["model"];
  if (typeof name !== "string") throw new GatewayError("BAD_REQUEST", "model is required");
  const model = core.models.get(name);
  if (model === undefined || model.config.type !== type) throw new GatewayError("MODEL_NOT_FOUND", `model "${name}" is not served here${model ? ` for ${req.path}` : ""}`);
  if (req.key.models !== undefined && !req.key.models.has(name)) throw new GatewayError("FORBIDDEN", `this key may not call model "${name}"`);
  return model;
}

export async function generate(core: GatewayCore, req: CoreRequest): Promise<Reply> {
  const started = performance.now();
  let model: ModelEntry;
  try {
    model = resolveModel(core, req, "chat");
  } catch (error) {
    return errorReply(error);
  }
  const body = req.body;
  const stream = body["stream"] === true;
  let cacheKey: string | undefined;
  if (model.config.cache.enabled && core.cache.maxEntries > 0 && isDeterministic(body)) {
    const { stream: _s, stream_options: _o, ...rest } = body;
    cacheKey = ExactCache.key(req.key.name, req.path, JSON.stringify(rest));
    const hit = core.cache.get(cacheKey);
    (hit ? core.metrics.cacheHit : core.metrics.cacheMiss).inc();
    if (hit) {
      core.accounting.record(req.key.name, model.name, undefined, "cache-hit");
      core.metrics.observeDuration(model.name, 200, (performance.now() - started) / 1000);
      return stream ? sseReply(replayStream(hit.json), true) : jsonReply(hit.body, undefined, true);
    }
  }
  const span = startRequestSpan(req.path === "/v1/completions" ? "text_completion" : "chat", model.name);
  const scope = new RequestScope(req.signal, core.config.limits.timeouts.totalMs, req.closeSource);
  const ctx = routeContext(model, req.path, body, req.session);
  let replica: string | undefined;
  const onRoute = (r: Route) => void (replica = r.replica.id);
  const done = (status: number, usage: Usage | undefined) => {
    scope.end();
    core.accounting.record(req.key.name, model.name, usage, status < 400 ? "ok" : "error");
    core.metrics.observeDuration(model.name, status, (performance.now() - started) / 1000);
    endSpan(span, status, replica, usage);
  };
  const serialized = upstreamBodies(body, stream);

  if (!stream) {
    try {
      const out = await withAttempts(core, model.router, ctx, req.noRetry, scope.signal, (route, signal) =>
        withAttemptDeadline(signal, core.config.limits.timeouts.attemptMs, route.replica.id, async (attempt) => {
          const res = await sendChecked(route, req.path, serialized, attempt);
          return finishJson(await res.text(), model.name, route.target.upstreamModel, req.path, body, route.replica.id);
        }), onRoute);
      if (cacheKey !== undefined) core.cache.set(cacheKey, out, model.config.cache.ttlMs);
      done(200, out.json["usage"] as Usage);
      // A cached document is shared: typed callers then get their own parse of the text.
      return jsonReply(out.body, cacheKey === undefined ? out.json : undefined);
    } catch (error) {
      done(statusOf(error), undefined);
      return errorReply(error);
    }
  }

  const toolCallModes = core.toolCallModes;
  const t = core.config.limits.timeouts;
  return new Promise<Reply>((resolve) => {
    let answered = false;
    const sink = new SseSink(core.config.server.keepAliveMs, () => {
      if (!answered) resolve(sseReply(sink.stream));
      answered = true;
    }, () => scope.cancel());
    let promptChars = -1;
    withAttempts(core, model.router, ctx, req.noRetry, scope.signal, (route, signal) => streamAttemptFor(route, signal), onRoute).then(
      (usage) => done(200, usage),
      (error: unknown) => {
        const status = statusOf(error);
        if (!answered) {
          answered = true;
          sink.close(); // nothing was sent: stop its keep-alive timer, answer with a status instead
          resolve(errorReply(error));
        } else sink.fail(errorBody(error));
        done(status, undefined);
      },
    );
    function streamAttemptFor(route: Route, signal: AbortSignal) {
      return streamAttempt(route, signal, sink, {
        path: req.path, body: serialized(route.target.upstreamModel), publicModel: model.name,
        firstTokenMs: t.firstTokenMs, betweenChunksMs: t.betweenChunksMs,
        toolCallMode: toolCallModes.get(route.replica.id) ?? "auto",
        promptChars: () => (promptChars >= 0 ? promptChars : (promptChars = renderPrompt(req.path, body).length)),
        onFirstToken: () => core.metrics.observeTtft(model.name, (performance.now() - started) / 1000),
        onTruncated: (stage) => core.metrics.truncated.inc({ model: model.name, stage }),
      });
    }
  });
}

/** The body sent upstream, per upstream model name (memoised: retries to the same target reuse it). */
function upstreamBodies(body: Json, stream: boolean): (model: string) => string {
  let lastModel: string | undefined;
  let last = "";
  return (model) => {
    if (model === lastModel) return last;
    lastModel = model;
    const out: Json = { ...body, model };
    // Usage on streams comes only when asked for: we always ask, and always pass it on.
    if (stream) out["stream_options"] = { ...(body["stream_options"] as Json | undefined), include_usage: true };
    return (last = JSON.stringify(out));
  };
}

/** The upstream's JSON answer, with the public model name and a usage block guaranteed. */
function finishJson(text: string, publicModel: string, upstreamModel: string, path: string, request: Json, replica: string): { body: string; json: Json } {
  let json: Json;
  try {
    json = JSON.parse(text) as Json;
  } catch (error) {
    throw transportError(new Error("answered with invalid JSON", { cause: error }), replica, true) as UpstreamError;
  }
  let changed = false;
  if (publicModel !== upstreamModel && json["model"] !== undefined) {
    json["model"] = publicModel;
    changed = true;
  }
  if (json["usage"] === undefined || json["usage"] === null) {
    const p = estimateTokens(renderPrompt(path, request).length);
    const choices = (json["choices"] as Json[] | undefined) ?? [];
    let chars = 0;
    for (const c of choices) chars += String((c["message"] as Json | undefined)?.["content"] ?? c["text"] ?? "").length;
    const c = estimateTokens(chars);
    json["usage"] = { prompt_tokens: p, completion_tokens: c, total_tokens: p + c };
    changed = true;
  }
  return { body: changed ? JSON.stringify(json) : text, json };
}
