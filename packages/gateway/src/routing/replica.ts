/**
 * A replica as routing sees it: the Upstream plus the live signals policies weigh (outstanding requests,
 * breaker, health, Retry-After pause). Mutable and shared by the whole gateway; the core updates it.
 */
import { CircuitBreaker } from "../reliability/breaker.js";
import type { Upstream } from "../upstream/upstream.js";

export class Replica {
  /** Requests sent and not yet finished (a stream counts until its last byte). */
  outstanding = 0;
  healthy = true;
  /** Requests running + waiting as the server last reported them (0 when it reports nothing). */
  reported = 0;
  /** KV-cache usage 0..1 as last reported. */
  kvUsage = 0;
  /** Epoch ms before which the replica asked not to be called (Retry-After). */
  pausedUntil = 0;
  /** Dense index among all replicas, for bit sets in the prefix index. */
  readonly slot: number;
  readonly breaker: CircuitBreaker;

  constructor(readonly upstream: Upstream, slot: number, readonly maxOutstanding: number, breaker: CircuitBreaker) {
    this.slot = slot;
    this.breaker = breaker;
  }

  /**
   * The load policies weigh: our outstanding requests, or the server's own count when that is higher (other
   * clients' requests). The larger of the two, because the report includes ours but is a polling interval old.
   */
  get load(): number {
    return this.reported > this.outstanding ? this.reported : this.outstanding;
  }

  get id(): string {
    return this.upstream.id;
  }

  /** Usable now: healthy, breaker lets it pass, not paused, under its concurrency cap. */
  available(now: number): boolean {
    return this.healthy && this.pausedUntil <= now && this.breaker.canPass() && (this.maxOutstanding === 0 || this.outstanding < this.maxOutstanding);
  }
}
