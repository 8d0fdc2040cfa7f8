/**
 * The attempt loop shared by every endpoint: route → send → on a retryable failure, route again (other
 * replicas first, then fallback targets), within the attempt limit and the retry budget, with jittered
 * backoff when going back to a replica already tried and waiting out a Retry-After no longer than allowed.
 * A client that says it is retrying (`x-retry-attempt` ≥ 1) gets exactly one attempt: its retries and ours
 * never multiply. Outstanding counts and breaker verdicts are kept here, once for all endpoints.
 */
import { GatewayError, UpstreamError } from "../errors.js";
import type { GatewayConfig } from "../config/schema.js";
import { backoffDelay, sleep } from "../reliability/backoff.js";
import type { RetryBudget } from "../reliability/retry-budget.js";
import type { ModelRouter, Route } from "../routing/model-router.js";
import type { RouteContext } from "../routing/policy.js";
import type { Replica } from "../routing/replica.js";
import type { GatewayMetrics } from "../observability/metrics.js";
import { countsAgainstReplica } from "./upstream-errors.js";

export interface AttemptDeps {
  retry: GatewayConfig["limits"]["retry"];
  budget: RetryBudget;
  metrics: GatewayMetrics;
  random: () => number;
}

export type AttemptFn<T> = (route: Route, signal: AbortSignal) => Promise<T>;

export async function withAttempts<T>(deps: AttemptDeps, router: ModelRouter, ctx: RouteContext, noRetry: boolean, signal: AbortSignal, run: AttemptFn<T>, onRoute?: (r: Route) => void): Promise<T> {
  deps.budget.recordRequest();
  const max = noRetry ? 1 : deps.retry.maxAttempts;
  let tried: Set<Replica> | undefined;
  let lastError: unknown;
  /** When the last replica that answered Retry-After may be asked again (epoch ms); 0 for no such wait. */
  let pauseUntil = 0;
  for (let attempt = 0; attempt < max; attempt++) {
    let route = router.route(ctx, tried, Date.now());
    if (route === undefined && pauseUntil > 0) {
      // Every replica asked us to wait (Retry-After): wait until the pause is over, then look again. A
      // timer can fire a millisecond before Date.now() reaches its end, and routing would still see the
      // replica paused: wait out what is left.
      for (let now = Date.now(); now < pauseUntil; now = Date.now()) await sleep(pauseUntil - now + 1, signal);
      route = router.route(ctx, tried, Date.now());
    } else if (attempt > 0 && route !== undefined && tried?.has(route.replica)) {
      await sleep(backoffDelay(attempt, deps.retry.baseDelayMs, deps.retry.maxDelayMs, deps.random), signal);
      // Route again after the wait: meanwhile other requests may have taken the last slot or the half-open
      // probe, and between routing and sending nothing may await, or both would go through.
      route = router.route(ctx, tried, Date.now());
    }
    if (route === undefined) break;
    if (attempt > 0) {
      if (!deps.budget.tryRetry()) {
        deps.metrics.retries.inc({ reason: "budget-exhausted" });
        break;
      }
      deps.metrics.retries.inc({ reason: tried?.has(route.replica) ? "retry" : "fallback" });
    }
    onRoute?.(route);
    const replica = route.replica;
    replica.outstanding++;
    replica.breaker.onSend();
    try {
      const result = await run(route, signal);
      replica.breaker.onSuccess();
      return result;
    } catch (error) {
      if (signal.aborted) {
        replica.breaker.onAbandon();
        throw signal.reason;
      }
      if (countsAgainstReplica(error)) replica.breaker.onFailure();
      else replica.breaker.onSuccess();
      lastError = error;
      if (!(error instanceof UpstreamError) || !error.retryable) throw error;
      pauseUntil = 0;
      if (error.retryAfterMs !== undefined) {
        // The replica asked for a pause: it gets it either way, and other replicas are tried meanwhile.
        // Only a pause short enough is worth waiting out here when none is left (else the 429 goes back).
        // Capped: an hour's Retry-After must not take the replica out for an hour (its later requests get
        // their own answer, and their own 429, once the cap is over).
        replica.pausedUntil = Date.now() + Math.min(error.retryAfterMs, deps.retry.maxRetryAfterMs);
        if (error.retryAfterMs <= deps.retry.maxRetryAfterMs) pauseUntil = replica.pausedUntil;
      }
      (tried ??= new Set()).add(replica);
    } finally {
      replica.outstanding--;
    }
  }
  throw lastError ?? noReplica(router);
}

/**
 * Nothing could be routed. When replicas are only waiting out a Retry-After, say when to come back:
 * a 429 with the soonest end of those pauses, not a bare 503.
 */
function noReplica(router: ModelRouter): Error {
  const now = Date.now();
  const pauses = router.targets.flatMap((t) => t.replicas).filter((r) => r.pausedUntil > now).map((r) => r.pausedUntil - now);
  if (pauses.length > 0) {
    return new UpstreamError("every replica of this model asked to be left alone for a while (Retry-After)", { status: 429, retryable: false, retryAfterMs: Math.min(...pauses) });
  }
  return new GatewayError("NO_REPLICA", "no replica of this model is available (all unhealthy, open or at capacity)");
}
