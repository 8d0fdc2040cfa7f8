/**
 * A retry budget (after Finagle and Envoy): over a sliding window, retries may be at most `ratio` of requests
 * plus a small floor. When an upstream is down, every request would otherwise turn into `maxAttempts`
 * requests — and clients retrying on top multiply that again; the budget caps the extra load at e.g. 20%.
 * The window is ten buckets, so counting is O(1) and memory constant.
 */
const BUCKETS = 10;

export class RetryBudget {
  private readonly requests = new Float64Array(BUCKETS);
  private readonly retries = new Float64Array(BUCKETS);
  private bucket = 0;
  private bucketStart: number;
  private readonly bucketMs: number;
  denied = 0;

  constructor(private readonly ratio: number, windowMs: number, private readonly minPerWindow: number, private readonly now: () => number = Date.now) {
    this.bucketMs = Math.max(1, windowMs / BUCKETS);
    this.bucketStart = now();
  }

  recordRequest(): void {
    this.advance();
    this.requests[this.bucket]!++;
  }

  /** Takes one retry from the budget; false when it is spent. */
  tryRetry(): boolean {
    this.advance();
    let req = 0;
    let ret = 0;
    for (let i = 0; i < BUCKETS; i++) {
      req += this.requests[i]!;
      ret += this.retries[i]!;
    }
    if (ret + 1 > req * this.ratio + this.minPerWindow) {
      this.denied++;
      return false;
    }
    this.retries[this.bucket]!++;
    return true;
  }

  private advance(): void {
    const t = this.now();
    let steps = Math.floor((t - this.bucketStart) / this.bucketMs);
    if (steps <= 0) return;
    this.bucketStart += steps * this.bucketMs;
    if (steps > BUCKETS) steps = BUCKETS;
    for (let i = 0; i < steps; i++) {
      this.bucket = (this.bucket + 1) % BUCKETS;
      this.requests[this.bucket] = 0;
      this.retries[this.bucket] = 0;
    }
  }
}
