/**
 * Comparison policies for the routing benchmark that the gateway does not ship, written against its routing
 * plug-in port (`pick(candidates, ctx)` / `onRouted`), typed structurally here so the bench does not reach into
 * the gateway's internals.
 *
 * SGLang-router style (cache-aware): an approximate prefix tree per replica (here: the set of chained block
 * hashes routed to it, LRU-bounded); route to the replica with the longest match when it covers more than 30%
 * of the prompt, otherwise to the least-loaded one; when the load is imbalanced (max − min > 64 outstanding and
 * max > 1.5 × min) route to the least-loaded one whatever the match.
 */

export interface ReplicaLike {
  readonly id: string;
  outstanding: number;
}

export interface RouteContextLike {
  prefixHashes(): readonly number[];
}

export interface PolicyLike<R extends ReplicaLike = ReplicaLike> {
  readonly name: string;
  pick(candidates: readonly R[], ctx: RouteContextLike): R;
  onRouted?(replica: R, ctx: RouteContextLike): void;
}

export interface SglangOptions {
  matchThreshold?: number;
  imbalanceAbs?: number;
  imbalanceRel?: number;
  /** Blocks remembered per replica (SGLang evicts its approximate tree too). */
  maxBlocksPerReplica?: number;
}

function leastLoaded<R extends ReplicaLike>(c: readonly R[]): R {
  let best = c[0]!;
  for (const r of c) if (r.outstanding < best.outstanding) best = r;
  return best;
}

export function sglangStyle<R extends ReplicaLike>(options: SglangOptions = {}): PolicyLike<R> {
  const threshold = options.matchThreshold ?? 0.3;
  const abs = options.imbalanceAbs ?? 64;
  const rel = options.imbalanceRel ?? 1.5;
  const cap = options.maxBlocksPerReplica ?? 100_000;
  const trees = new Map<string, Map<number, true>>();
  const tree = (id: string) => {
    let t = trees.get(id);
    if (t === undefined) trees.set(id, (t = new Map()));
    return t;
  };
  return {
    name: "sglang-style",
    pick(candidates, ctx) {
      let min = Infinity;
      let max = -Infinity;
      for (const r of candidates) {
        min = Math.min(min, r.outstanding);
        max = Math.max(max, r.outstanding);
      }
      if (max - min > abs && max > rel * min) return leastLoaded(candidates);
      const hashes = ctx.prefixHashes();
      if (hashes.length === 0) return leastLoaded(candidates);
      let best: R | undefined;
      let bestMatch = 0;
      for (const r of candidates) {
        const t = tree(r.id);
        let m = 0;
        while (m < hashes.length && t.has(hashes[m]!)) m++;
        if (m > bestMatch || (m === bestMatch && best !== undefined && m > 0 && r.outstanding < best.outstanding)) {
          best = r;
          bestMatch = m;
        }
      }
      return best !== undefined && bestMatch / hashes.length > threshold ? best : leastLoaded(candidates);
    },
    onRouted(replica, ctx) {
      const t = tree(replica.id);
      for (const h of ctx.prefixHashes()) {
        t.delete(h);
        t.set(h, true);
      }
      while (t.size > cap) {
        const k = t.keys().next();
        if (k.done === true) break;
        t.delete(k.value);
      }
    },
  };
}
