/**
 * What handlers answer: a `Reply` (status, JSON text or an event stream, and the parsed value when the gateway
 * has it). The HTTP layer turns it into a Response; the typed in-process client reads it directly, skipping
 * Response construction and JSON parsing — both cost more than the gateway's own routing.
 */
import { errorBody, statusOf, UpstreamError } from "../errors.js";

export interface Reply {
  status: number;
  body: string | ReadableStream<Uint8Array>;
  /** The parsed JSON document, when the gateway already has it. */
  value?: unknown;
  cacheHit?: boolean;
  /** Seconds, for a Retry-After header. */
  retryAfterS?: number;
}

const JSON_HEADERS = { "content-type": "application/json" } as const;
const JSON_HIT_HEADERS = { "content-type": "application/json", "x-gateway-cache": "hit" } as const;
const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  // nginx and some CDNs buffer event streams unless told not to.
  "x-accel-buffering": "no",
} as const;
const SSE_HIT_HEADERS = { ...SSE_HEADERS, "x-gateway-cache": "hit" } as const;

export function jsonReply(body: string, value?: unknown, cacheHit = false): Reply {
  return { status: 200, body, value, cacheHit };
}

export function sseReply(stream: ReadableStream<Uint8Array>, cacheHit = false): Reply {
  return { status: 200, body: stream, cacheHit };
}

export function errorReply(error: unknown): Reply {
  const retryAfterS = error instanceof UpstreamError && error.retryAfterMs !== undefined ? Math.ceil(error.retryAfterMs / 1000) : undefined;
  return { status: statusOf(error), body: errorBody(error), retryAfterS };
}

export function toResponse(r: Reply): Response {
  if (typeof r.body !== "string") return new Response(r.body, { status: r.status, headers: r.cacheHit ? SSE_HIT_HEADERS : SSE_HEADERS });
  if (r.retryAfterS !== undefined) return new Response(r.body, { status: r.status, headers: { ...JSON_HEADERS, "retry-after": String(r.retryAfterS) } });
  return new Response(r.body, { status: r.status, headers: r.cacheHit ? JSON_HIT_HEADERS : JSON_HEADERS });
}

export function jsonResponse(body: string, status = 200): Response {
  return new Response(body, { status, headers: JSON_HEADERS });
}

export function errorResponse(error: unknown): Response {
  return toResponse(errorReply(error));
}
