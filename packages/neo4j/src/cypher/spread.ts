import type { Direction, KindRegistry, TimeView } from "@hippograph/memory";
import { int, NODE_LABEL, relTypeOf, viewParams, viewPredicate, type Statement } from "./statement.js";

/**
 * Bounded spreading activation, computed server-side in one query (one round trip instead of one
 * per hop). Semantics, shared with the pure-TS reference in spread-reference.ts:
 *   activation(v) = seed(v) + Σ over paths p from a seed s to v with 1..maxHops edges,
 *                   no edge repeated (Cypher's relationship isomorphism), every edge visible in
 *                   the view and of weight >= minWeight:  seed(s) · Π over e in p (weight(e) · decay)
 * (the seed(v) term is the path of length 0), and only activations >= threshold are returned,
 * strongest first, at most `limit`. Seeds that are not nodes of the namespace contribute nothing.
 * Path enumeration grows as degree^hops, so hops are capped at MAX_SPREAD_HOPS.
 */
export interface SpreadOptions {
  ns: string;
  seeds: readonly { id: string; activation: number }[];
  maxHops: number;
  decay: number;
  threshold: number;
  minWeight?: number;
  direction?: Direction;
  edgeKinds?: readonly string[];
  view?: TimeView;
  limit?: number;
}

export const MAX_SPREAD_HOPS = 4;

export function checkSpread(o: SpreadOptions): void {
  if (!Number.isInteger(o.maxHops) || o.maxHops < 1 || o.maxHops > MAX_SPREAD_HOPS) {
    throw new RangeError(`maxHops must be an integer in 1..${MAX_SPREAD_HOPS}, got ${o.maxHops}`);
  }
  for (const [name, v] of [["decay", o.decay], ["threshold", o.threshold], ["minWeight", o.minWeight ?? 0]] as const) {
    if (!Number.isFinite(v)) throw new RangeError(`${name} must be a finite number`);
  }
}

export function spreadActivation(kinds: KindRegistry, o: SpreadOptions): Statement | undefined {
  checkSpread(o);
  const wanted = o.edgeKinds ? o.edgeKinds.filter((k) => kinds.edgeKinds.has(k)) : [...kinds.edgeKinds];
  if (wanted.length === 0 || o.seeds.length === 0) return undefined;
  const types = [...new Set(wanted)].sort().map((k) => relTypeOf(kinds, k)).join("|");
  const dir = o.direction ?? "out";
  // The hop bound cannot be a Cypher parameter; it is an integer checked just above.
  const rel = `-[:${types}*1..${o.maxHops}]-`;
  const pattern = dir === "out" ? `${rel}>` : dir === "in" ? `<${rel}` : rel;
  return {
    text: `CALL () {
  UNWIND $seeds AS seed
  MATCH (s:${NODE_LABEL} {ns: $ns, id: seed.id})
  RETURN s.id AS id, seed.activation AS contribution
  UNION ALL
  UNWIND $seeds AS seed
  MATCH (s:${NODE_LABEL} {ns: $ns, id: seed.id})
  MATCH p = (s)${pattern}(m:${NODE_LABEL})
  WHERE all(e IN relationships(p) WHERE e.ns = $ns AND ($minWeight IS NULL OR e.weight >= $minWeight) AND ${viewPredicate("e")})
  RETURN m.id AS id, seed.activation * reduce(a = 1.0, e IN relationships(p) | a * e.weight * $decay) AS contribution
}
WITH id, sum(contribution) AS activation
WHERE activation >= $threshold
RETURN id, activation
ORDER BY activation DESC, id
LIMIT $limit`,
    params: {
      ns: o.ns, seeds: o.seeds.map((s) => ({ id: s.id, activation: s.activation })), decay: o.decay,
      threshold: o.threshold, minWeight: o.minWeight ?? null, ...viewParams(o.view), limit: int(o.limit ?? 1_000),
    },
  };
}
