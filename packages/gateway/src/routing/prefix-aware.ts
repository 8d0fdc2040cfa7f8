/**
 * Prefix-cache-aware routing, weighed against load (after llm-d's scorer and Dynamo's cost, with the pains of
 * SGLang's router in mind):
 *
 *   score(r) = cacheWeight · overlap(r) − (load(r) − minLoad) / (loadSlack + minLoad / 2) − kvWeight · kvUsage(r)
 *
 * `overlap` is the share of the prompt's blocks r probably has cached. A full hit is worth `loadSlack` extra
 * outstanding requests at idle and proportionally more under load, so a hot prefix spills to a second replica
 * (which then caches it too) instead of piling onto one; a miss scores 0 everywhere, so it goes to the least
 * loaded replica — never to an overloaded one because its cache happens to be small. Ties go to the less
 * loaded, then by a rotating offset. `load` is our outstanding count, or the server's own running + waiting
 * count when it reports a higher one; `kvUsage` is the server's reported KV-cache fill (0 when unreported),
 * after Dynamo's cost. Replicas beyond the 31st of a target are routed on load alone.
 */
import type { RoutingPolicy, RouteContext } from "./policy.js";
import type { PrefixIndex } from "./prefix-index.js";
import type { Replica } from "./replica.js";

export interface PrefixAwareOptions {
  index: PrefixIndex;
  cacheWeight?: number;
  loadSlack?: number;
  /** Penalty per unit of reported KV-cache usage (0..1); 0 when the server reports none. */
  kvWeight?: number;
}

/** Distinguishes policy instances sharing an index: each numbers its replicas from bit 0. */
let instances = 0;

export function prefixAware(options: PrefixAwareOptions): RoutingPolicy {
  const { index } = options;
  const salt = ++instances;
  const cacheWeight = options.cacheWeight ?? 1;
  const slack = options.loadSlack ?? 4;
  const kvWeight = options.kvWeight ?? 0.5;
  const bitOf = new Map<string, number>();
  const matched = new Int32Array(31);
  let rotor = 0;

  const bit = (r: Replica): number => {
    let b = bitOf.get(r.id);
    if (b === undefined) bitOf.set(r.id, (b = bitOf.size < 31 ? bitOf.size : -1));
    return b;
  };

  return {
    name: "prefix-aware",
    pick(candidates: readonly Replica[], ctx: RouteContext): Replica {
      const n = candidates.length;
      if (n === 1) return candidates[0]!;
      const hashes = ctx.prefixHashes();
      let min = Infinity;
      let bits = 0;
      for (let k = 0; k < n; k++) {
        const r = candidates[k]!;
        if (r.load < min) min = r.load;
        const b = bit(r);
        if (b >= 0) {
          bits |= 1 << b;
          matched[b] = 0;
        }
      }
      if (hashes.length > 0) index.matchLengths(hashes, bits, matched, salt);
      const total = hashes.length || 1;
      const denom = slack + min / 2;
      const start = rotor++ % n;
      let best = candidates[start]!;
      let bestScore = -Infinity;
      for (let k = 0; k < n; k++) {
        const r = candidates[(start + k) % n]!;
        const b = bit(r);
        const overlap = b >= 0 ? matched[b]! / total : 0;
        const score = cacheWeight * overlap - (r.load - min) / denom - kvWeight * r.kvUsage;
        if (score > bestScore + 1e-12 || (Math.abs(score - bestScore) <= 1e-12 && r.load < best.load)) {
          best = r;
          bestScore = score;
        }
      }
      return best;
    },
    onRouted(replica: Replica, ctx: RouteContext): void {
      const b = bit(replica);
      const hashes = ctx.prefixHashes();
      if (b >= 0 && hashes.length > 0) index.add(hashes, b, salt);
    },
  };
}
