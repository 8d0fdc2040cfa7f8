/**
 * /v1/embeddings: a single-input request joins a micro-batch (see EmbeddingBatcher); anything else — several
 * inputs, token arrays, batching off — goes upstream as it is. Both paths run the same attempt loop.
 */
import { GatewayError, statusOf } from "../errors.js";
import type { Usage } from "../observability/accounting.js";
import type { BatchResult } from "../batching/embedding-batcher.js";
import { withAttempts } from "./attempts.js";
import type { CoreRequest, GatewayCore, ModelEntry } from "./gateway-core.js";
import { resolveModel } from "./generate.js";
import type { Json } from "./prompt.js";
import { RequestScope, routeContext } from "./request-scope.js";
import { errorReply, jsonReply, type Reply } from "./responses.js";
import { sendChecked } from "./upstream-errors.js";

/** Request fields a batch may carry; a request with any other field is sent on its own. */
const BATCHABLE = new Set(["model", "input", "encoding_format", "dimensions", "user"]);

export async function embeddings(core: GatewayCore, req: CoreRequest): Promise<Reply> {
  const started = performance.now();
  let model: ModelEntry;
  try {
    model = resolveModel(core, req, "embedding");
  } catch (error) {
    return errorReply(error);
  }
  const body = req.body;
  const input = body["input"];
  const single = typeof input === "string" ? input : Array.isArray(input) && input.length === 1 && typeof input[0] === "string" ? input[0] : undefined;
  try {
    let value: Json;
    let usage: Usage | undefined;
    const batcher = core.batchers.get(model.name);
    if (single !== undefined && batcher !== undefined && batchable(body)) {
      const options: Json = {};
      if (body["encoding_format"] !== undefined) options["encoding_format"] = body["encoding_format"];
      if (body["dimensions"] !== undefined) options["dimensions"] = body["dimensions"];
      const key = `${req.key.name}\u0000${model.name}\u0000${String(options["encoding_format"])}\u0000${String(options["dimensions"])}\u0000${req.noRetry}`;
      // A caller that goes away stops waiting; the batch itself still goes (others are in it).
      const r = await untilCancelled(batcher.submit(key, single, { ...options, model: model.name, __noRetry: req.noRetry }), req);
      usage = { prompt_tokens: r.promptTokens, total_tokens: r.promptTokens };
      value = { object: "list", data: [r.item], model: model.name, usage };
    } else {
      const res = await sendEmbeddings(core, model, body, req.noRetry, req.signal);
      usage = res.usage as Usage | undefined;
      value = { ...res, model: model.name };
    }
    core.accounting.record(req.key.name, model.name, usage, "ok");
    core.metrics.observeDuration(model.name, 200, (performance.now() - started) / 1000);
    return jsonReply(JSON.stringify(value), value);
  } catch (error) {
    core.accounting.record(req.key.name, model.name, undefined, "error");
    core.metrics.observeDuration(model.name, statusOf(error), (performance.now() - started) / 1000);
    return errorReply(error);
  }
}

function untilCancelled<T>(work: Promise<T>, req: CoreRequest): Promise<T> {
  if (req.signal === undefined && req.closeSource === undefined) return work;
  let cleanup = () => undefined as void;
  const cancelled = new Promise<never>((_, reject) => {
    const onCancel = () => reject(new GatewayError("ABORTED", "the client cancelled the request"));
    if (req.signal?.aborted) return onCancel();
    req.signal?.addEventListener("abort", onCancel, { once: true });
    req.closeSource?.once("close", onCancel);
    cleanup = () => {
      req.signal?.removeEventListener("abort", onCancel);
      req.closeSource?.off("close", onCancel);
    };
  });
  return Promise.race([work, cancelled]).finally(cleanup);
}

function batchable(body: Json): boolean {
  for (const k in body) if (!BATCHABLE.has(k)) return false;
  return true;
}

/** One upstream embeddings call through the attempt loop (used for batches and for unbatched requests). */
export async function sendEmbeddings(core: GatewayCore, model: ModelEntry, body: Json, noRetry: boolean, signal: AbortSignal | undefined): Promise<BatchResult> {
  const scope = new RequestScope(signal, core.config.limits.timeouts.totalMs);
  try {
    return await withAttempts(core, model.router, routeContext(model, "/v1/embeddings", body, undefined), noRetry, scope.signal, async (route, s) => {
      const res = await sendChecked(route, "/v1/embeddings", (upstreamModel) => JSON.stringify({ ...body, model: upstreamModel }), s);
      return JSON.parse(await res.text()) as BatchResult;
    });
  } finally {
    scope.end();
  }
}
