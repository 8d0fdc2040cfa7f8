/**
 * Least outstanding requests (`Replica.load`: ours, or the server's own count when it reports a higher one).
 * Ties are broken by a rotating offset, never by list order: resolving ties to the
 * first replica is how "least-busy" routers end up sending most traffic to one backend at low load.
 */
import type { RoutingPolicy } from "./policy.js";
import type { Replica } from "./replica.js";

export function leastOutstanding(): RoutingPolicy {
  let rotor = 0;
  return {
    name: "least-outstanding",
    pick(candidates: readonly Replica[]): Replica {
      const n = candidates.length;
      const start = rotor++ % n;
      let best = candidates[start]!;
      for (let k = 1; k < n; k++) {
        const r = candidates[(start + k) % n]!;
        if (r.load < best.load) best = r;
      }
      return best;
    },
  };
}
