/** Breaker states, the retry budget's arithmetic, backoff and Retry-After parsing, with injected time. */
import { describe, expect, it } from "vitest";
import { backoffDelay, parseRetryAfter } from "./backoff.js";
import { CircuitBreaker } from "./breaker.js";
import { RetryBudget } from "./retry-budget.js";

describe("circuit breaker", () => {
  it("closed → open after the threshold → half-open after the cooldown → closed on a good probe", () => {
    let now = 0;
    const b = new CircuitBreaker(3, 1000, () => now);
    b.onFailure();
    b.onFailure();
    expect(b.state).toBe("closed");
    b.onFailure();
    expect(b.state).toBe("open");
    expect(b.canPass()).toBe(false);
    now = 1000;
    expect(b.state).toBe("half-open");
    expect(b.canPass()).toBe(true);
    b.onSend();
    expect(b.canPass()).toBe(false); // only one probe at a time
    b.onSuccess();
    expect(b.state).toBe("closed");
  });

  it("a failed probe opens it again for a full cooldown; an abandoned probe frees the slot", () => {
    let now = 0;
    const b = new CircuitBreaker(1, 100, () => now);
    b.onFailure();
    now = 100;
    b.onSend();
    b.onFailure();
    expect(b.state).toBe("open");
    now = 150;
    expect(b.canPass()).toBe(false);
    now = 200;
    b.onSend();
    b.onAbandon();
    expect(b.canPass()).toBe(true);
  });

  it("a success resets the consecutive-failure count", () => {
    const b = new CircuitBreaker(2, 100, () => 0);
    b.onFailure();
    b.onSuccess();
    b.onFailure();
    expect(b.state).toBe("closed");
  });
});

describe("retry budget", () => {
  it("allows ratio × requests + floor retries per window, and refills as the window slides", () => {
    let now = 0;
    const budget = new RetryBudget(0.2, 1000, 1, () => now);
    for (let i = 0; i < 10; i++) budget.recordRequest();
    let granted = 0;
    while (budget.tryRetry()) granted++;
    expect(granted).toBe(3); // 0.2 × 10 + 1
    expect(budget.denied).toBe(1);
    now = 1100; // the window has passed
    for (let i = 0; i < 5; i++) budget.recordRequest();
    granted = 0;
    while (budget.tryRetry()) granted++;
    expect(granted).toBe(2);
  });
});

describe("backoff and Retry-After", () => {
  it("full jitter below an exponential cap", () => {
    expect(backoffDelay(1, 100, 10_000, () => 0.999)).toBe(99);
    expect(backoffDelay(4, 100, 10_000, () => 0.999)).toBe(799);
    expect(backoffDelay(20, 100, 1_000, () => 0.5)).toBe(500);
  });

  it("parses delta-seconds and HTTP dates", () => {
    expect(parseRetryAfter("2")).toBe(2000);
    expect(parseRetryAfter("0.25")).toBe(250);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
