/** Response builders: headers made once, OpenAI error documents for failures. */
import { errorBody, statusOf, UpstreamError } from "../errors.js";

const JSON_HEADERS = { "content-type": "application/json" } as const;
const JSON_HIT_HEADERS = { "content-type": "application/json", "x-gateway-cache": "hit" } as const;
const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  // nginx and some CDNs buffer event streams unless told not to.
  "x-accel-buffering": "no",
} as const;

export function jsonResponse(body: string, status = 200, cacheHit = false): Response {
  return new Response(body, { status, headers: cacheHit ? JSON_HIT_HEADERS : JSON_HEADERS });
}

export function sseResponse(stream: ReadableStream<Uint8Array>, cacheHit = false): Response {
  return new Response(stream, { status: 200, headers: cacheHit ? { ...SSE_HEADERS, "x-gateway-cache": "hit" } : SSE_HEADERS });
}

export function errorResponse(error: unknown): Response {
  const status = statusOf(error);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (error instanceof UpstreamError && error.retryAfterMs !== undefined) headers["retry-after"] = String(Math.ceil(error.retryAfterMs / 1000));
  return new Response(errorBody(error), { status, headers });
}
