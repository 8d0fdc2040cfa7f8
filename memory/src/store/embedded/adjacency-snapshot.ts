import type { EdgeBlock } from "../../ports/traversal.js";
import { DIR_KIND, EXPIRED_AT, hasBounds, OTHER, RECORDED_AT, STRIDE, VALID_FROM, VALID_TO, WEIGHT } from "./adjacency-list.js";

/** Rebuild the snapshot once drift exceeds this share of its entries (or REBUILD_MIN): amortised O(1) per write. */
export const REBUILD_SHARE = 1 / 8;
export const REBUILD_MIN = 4096;

/** Entry flags of a snapshot's `meta` (kind code × 4 + these). */
const META_OUT = 1;
export const META_TIMED = 2;

/**
 * The lists in compressed sparse row form: node n's entries are [offsets[n], offsets[n + 1]), in
 * list order, 16 bytes each instead of 64 — other end and kind × 4 + flags as two int32s
 * (`ints[4i]`, `ints[4i + 1]`), then the weight as a double (`doubles[2i + 1]`), two views of one
 * buffer so a node's entries share cache lines. Every entry was recorded by `lastRecorded`, so a
 * view known from then on need not check recordedAt; the other three time fields are kept (in
 * `times`, at `timeRef`) only for entries that have any, and flagged TIMED. Read-only once built:
 * nodes written since are marked dirty and read from their lists until the next rebuild.
 */
export interface Snapshot {
  nodes: number;
  entries: number;
  offsets: Int32Array;
  ints: Int32Array;
  doubles: Float64Array;
  timeRef: Int32Array;
  /** validFrom, validTo, expiredAt per timed entry (NaN when absent). */
  times: Float64Array;
  lastRecorded: number;
}

export function buildSnapshot(lists: readonly (number[] | undefined)[], nodes: number): Snapshot {
  let entries = 0;
  let timed = 0;
  let lastRecorded = -Infinity;
  for (let n = 0; n < nodes; n++) {
    const list = lists[n];
    if (list === undefined) continue;
    entries += list.length / STRIDE;
    for (let i = 0; i < list.length; i += STRIDE) {
      if (hasBounds(list, i)) timed++;
      if (list[i + RECORDED_AT]! > lastRecorded) lastRecorded = list[i + RECORDED_AT]!;
    }
  }
  const rows = new ArrayBuffer(entries * 16);
  const snap: Snapshot = {
    nodes, entries, offsets: new Int32Array(nodes + 1), ints: new Int32Array(rows), doubles: new Float64Array(rows),
    timeRef: new Int32Array(timed > 0 ? entries : 0), times: new Float64Array(timed * 3), lastRecorded,
  };
  let at = 0;
  let t = 0;
  for (let n = 0; n < nodes; n++) {
    snap.offsets[n] = at;
    const list = lists[n];
    if (list === undefined) continue;
    for (let i = 0; i < list.length; i += STRIDE, at++) {
      const dirKind = list[i + DIR_KIND]!;
      let meta = (dirKind >> 1) * 4 + (dirKind & 1);
      if (hasBounds(list, i)) {
        meta |= META_TIMED;
        snap.timeRef[at] = t;
        snap.times[t * 3] = list[i + VALID_FROM]!;
        snap.times[t * 3 + 1] = list[i + VALID_TO]!;
        snap.times[t * 3 + 2] = list[i + EXPIRED_AT]!;
        t++;
      }
      snap.ints[at * 4] = list[i + OTHER]!;
      snap.ints[at * 4 + 1] = meta;
      snap.doubles[at * 2 + 1] = list[i + WEIGHT]!;
    }
  }
  snap.offsets[nodes] = at;
  return snap;
}

/** `collectEdges` from the snapshot; the view is known from `lastRecorded` on (or unconstrained). */
export function collectSnapshot(snap: Snapshot, node: number, validAt: number, knownAt: number, mask: Uint8Array, into: EdgeBlock): number {
  const start = snap.offsets[node]!;
  const end = snap.offsets[node + 1]!;
  into.reserve(end - start);
  const { others, kinds, weights } = into;
  const ints = snap.ints;
  const doubles = snap.doubles;
  let c = 0;
  for (let i = start; i < end; i++) {
    const meta = ints[i * 4 + 1]!;
    if (!admitted(mask, meta)) continue;
    if ((meta & META_TIMED) !== 0 && !visibleAt(snap, snap.timeRef[i]!, validAt, knownAt)) continue;
    others[c] = ints[i * 4]!;
    kinds[c] = meta >> 2;
    weights[c] = doubles[i * 2 + 1]!;
    c++;
  }
  return c;
}

/** Whether timed entry `t` (its index in `times`, as `timeRef` gives it) is visible from (validAt, knownAt), NaN = unconstrained. */
export function visibleAt(snap: Snapshot, t: number, validAt: number, knownAt: number): boolean {
  const times = snap.times;
  if (validAt === validAt && (times[t * 3]! > validAt || times[t * 3 + 1]! <= validAt)) return false;
  return !(knownAt === knownAt && times[t * 3 + 2]! <= knownAt);
}

/** Whether `mask` admits an entry: its kind's bits must include 1 for an out-entry, 2 for an in-entry (2 - (meta & 1)). */
export function admitted(mask: Uint8Array, meta: number): boolean {
  const kind = meta >> 2;
  return kind < mask.length && (mask[kind]! & (2 - (meta & META_OUT))) !== 0;
}
