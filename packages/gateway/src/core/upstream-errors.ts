/** Turning what an upstream did wrong into an UpstreamError that says whether another attempt may help. */
import { GatewayError, UpstreamError } from "../errors.js";
import { parseRetryAfter } from "../reliability/backoff.js";
import type { Route } from "../routing/model-router.js";
import type { UpstreamResponse } from "../upstream/upstream.js";

/** Statuses where another attempt (elsewhere, or later) can succeed. */
const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

export async function statusError(res: UpstreamResponse, replica: string): Promise<UpstreamError> {
  let body: string | undefined;
  try {
    body = await res.text();
  } catch {
    body = undefined;
  }
  if (res.status === 401 || res.status === 403) {
    // The upstream refused the gateway's own credentials: a configuration fault of this replica, not the
    // client's request. A 502 that names no provider text (it may echo part of the key), and another
    // replica or a fallback target may still answer.
    return new UpstreamError(`upstream ${replica} refused the gateway's credentials (HTTP ${res.status}): check its apiKey / apiKeyEnv`, { status: 502, retryable: true, replica });
  }
  // Pass the server's own error document on when it is OpenAI-shaped JSON; otherwise wrap it.
  let passOn: string | undefined;
  if (body && body.startsWith("{") && body.includes('"error"')) passOn = body;
  return new UpstreamError(`upstream ${replica} answered ${res.status}`, {
    status: res.status, retryable: RETRYABLE.has(res.status), retryAfterMs: parseRetryAfter(res.header("retry-after")),
    body: passOn, replica,
  });
}

/** A failure of the transport (refused, reset, DNS, TLS): retryable while nothing was sent to the client. */
export function transportError(error: unknown, replica: string, retryable: boolean): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const code = (error as { code?: string } | undefined)?.code;
  return new UpstreamError(`upstream ${replica} failed: ${code ?? (error as Error)?.message ?? String(error)}`, { retryable, replica, cause: error, status: 502 });
}

/** Whether this failure says something about the replica's health (opens breakers) — not a 4xx, not a cancel. */
export function countsAgainstReplica(error: unknown): boolean {
  if (!(error instanceof UpstreamError)) return !GatewayError.isInstance(error);
  return error.status >= 500 || error.code === "TIMEOUT" || error.code === "TRUNCATED";
}

/**
 * One buffered request to the route's replica: a transport failure becomes a retryable UpstreamError (the
 * signal's reason when it was a cancel), an error status a statusError. `body` serialises the request for the
 * target's upstream model name.
 */
export async function sendChecked(route: Route, path: string, body: (upstreamModel: string) => string, signal: AbortSignal): Promise<UpstreamResponse> {
  let res;
  try {
    res = await route.replica.upstream.send({ path, body: body(route.target.upstreamModel), signal });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw transportError(error, route.replica.id, true);
  }
  if (res.status >= 400) throw await statusError(res, route.replica.id);
  return res;
}
