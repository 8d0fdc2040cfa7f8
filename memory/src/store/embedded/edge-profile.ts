import type { EdgeBlock } from "../../ports/traversal.js";
import { admitted, META_TIMED, type Snapshot } from "./adjacency-snapshot.js";

/**
 * The snapshot's entries that one edge table admits (kinds and directions in `mask`), with the
 * kind weights folded into the edge weights — the only edges an operator with that table reads,
 * in the shape its hot loop wants: node n's entries without time bounds are [offsets[n],
 * offsets[n + 1]) of `targets`/`kinds`/`weights`, read in place; those with bounds, which every
 * view must check, are apart in `timed*` (times as validFrom, validTo, expiredAt per entry). Each
 * list keeps the snapshot's order.
 *
 * Why: reading the snapshot through `collectEdges` costs a kind lookup, a direction test, a time
 * flag test and a copy per entry on every visit, which halved the spreading-activation hop loop
 * against a bare CSR (docs/retrieval.md). A profile does that work once per snapshot.
 */
export interface EdgeProfile {
  offsets: Int32Array;
  targets: Int32Array;
  kinds: Int32Array;
  weights: Float64Array;
  timedOffsets: Int32Array;
  timedTargets: Int32Array;
  timedKinds: Int32Array;
  timedWeights: Float64Array;
  timedTimes: Float64Array;
}

export function buildProfile(snap: Snapshot, mask: Uint8Array, kindWeight: Float64Array): EdgeProfile {
  const { ints, doubles } = snap;
  let kept = 0;
  let timed = 0;
  for (let i = 0; i < snap.entries; i++) {
    const meta = ints[i * 4 + 1]!;
    if (!admitted(mask, meta)) continue;
    if ((meta & META_TIMED) !== 0) timed++;
    else kept++;
  }
  const p: EdgeProfile = {
    offsets: new Int32Array(snap.nodes + 1), targets: new Int32Array(kept), kinds: new Int32Array(kept), weights: new Float64Array(kept),
    timedOffsets: new Int32Array(snap.nodes + 1), timedTargets: new Int32Array(timed), timedKinds: new Int32Array(timed),
    timedWeights: new Float64Array(timed), timedTimes: new Float64Array(timed * 3),
  };
  let k = 0;
  let t = 0;
  for (let n = 0; n < snap.nodes; n++) {
    p.offsets[n] = k;
    p.timedOffsets[n] = t;
    for (let i = snap.offsets[n]!; i < snap.offsets[n + 1]!; i++) {
      const meta = ints[i * 4 + 1]!;
      if (!admitted(mask, meta)) continue;
      const kind = meta >> 2;
      const raw = doubles[i * 2 + 1]!;
      const weight = kindWeight[kind]! * (raw > 1 ? 1 : raw > 0 ? raw : 0);
      if ((meta & META_TIMED) === 0) {
        p.targets[k] = ints[i * 4]!;
        p.kinds[k] = kind;
        p.weights[k++] = weight;
        continue;
      }
      const from = snap.timeRef[i]! * 3;
      p.timedTargets[t] = ints[i * 4]!;
      p.timedKinds[t] = kind;
      p.timedWeights[t] = weight;
      p.timedTimes.set(snap.times.subarray(from, from + 3), t * 3);
      t++;
    }
  }
  p.offsets[snap.nodes] = k;
  p.timedOffsets[snap.nodes] = t;
  return p;
}

/** Node's time-bounded entries visible from (validAt, knownAt), NaN = unconstrained, into `into` from 0; returns how many. */
export function collectTimed(p: EdgeProfile, node: number, validAt: number, knownAt: number, into: EdgeBlock): number {
  const start = p.timedOffsets[node]!;
  const end = p.timedOffsets[node + 1]!;
  if (start === end) return 0;
  into.reserve(end - start);
  const { others, kinds, weights } = into;
  const times = p.timedTimes;
  let c = 0;
  for (let i = start; i < end; i++) {
    if (validAt === validAt && (times[i * 3]! > validAt || times[i * 3 + 1]! <= validAt)) continue;
    if (knownAt === knownAt && times[i * 3 + 2]! <= knownAt) continue;
    others[c] = p.timedTargets[i]!;
    kinds[c] = p.timedKinds[i]!;
    weights[c++] = p.timedWeights[i]!;
  }
  return c;
}
