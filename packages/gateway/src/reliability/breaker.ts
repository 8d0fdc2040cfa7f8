/**
 * A circuit breaker per replica. Closed → open after `failureThreshold` consecutive failures; open for
 * `cooldownMs`, then half-open: exactly one probe request goes through; its success closes the breaker, its
 * failure opens it for another cooldown. Time is injected so tests are deterministic.
 */
export type BreakerState = "closed" | "open" | "half-open";

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private opened = false;

  constructor(private readonly failureThreshold: number, private readonly cooldownMs: number, private readonly now: () => number = Date.now) {}

  get state(): BreakerState {
    if (!this.opened) return "closed";
    return this.now() - this.openedAt >= this.cooldownMs ? "half-open" : "open";
  }

  /** Whether a request may be sent now, without taking the half-open probe slot. */
  canPass(): boolean {
    if (!this.opened) return true;
    return !this.probing && this.now() - this.openedAt >= this.cooldownMs;
  }

  /** Called when a request is actually sent: in half-open, it becomes the one probe. */
  onSend(): void {
    if (this.opened) this.probing = true;
  }

  onSuccess(): void {
    this.failures = 0;
    this.opened = false;
    this.probing = false;
  }

  onFailure(): void {
    this.failures++;
    if (this.opened || this.failures >= this.failureThreshold) {
      this.opened = true;
      this.openedAt = this.now();
      this.probing = false;
    }
  }

  /** The request ended without a verdict (the client cancelled): free the half-open probe slot. */
  onAbandon(): void {
    this.probing = false;
  }

  /** For metrics: 0 closed, 1 half-open, 2 open. */
  get level(): number {
    const s = this.state;
    return s === "closed" ? 0 : s === "half-open" ? 1 : 2;
  }
}
