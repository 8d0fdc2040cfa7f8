import type { EdgeBlock } from "../../ports/traversal.js";

/**
 * Layout of one entry of a node's edge list: everything traversal reads, in one cache line.
 * DIR_KIND is kind code × 2 + 1 when the node is the edge's source (an out-edge), + 0 when its target.
 */
export const OTHER = 0;
export const DIR_KIND = 1;
export const WEIGHT = 2;
export const VALID_FROM = 3;
export const VALID_TO = 4;
export const RECORDED_AT = 5;
export const EXPIRED_AT = 6;
export const SLOT = 7;
export const STRIDE = 8;

/** Whether an entry is visible from (validAt, knownAt); NaN means "no constraint" (x === x is "present"). */
export function visible(list: number[], i: number, validAt: number, knownAt: number): boolean {
  if (validAt === validAt && (list[i + VALID_FROM]! > validAt || list[i + VALID_TO]! <= validAt)) return false;
  if (knownAt === knownAt && (list[i + RECORDED_AT]! > knownAt || list[i + EXPIRED_AT]! <= knownAt)) return false;
  return true;
}

/** Whether an entry has a validity bound or an expiry (NaN when absent: x === x is "present"). */
export function hasBounds(list: number[], i: number): boolean {
  const vf = list[i + VALID_FROM]!;
  const vt = list[i + VALID_TO]!;
  const ex = list[i + EXPIRED_AT]!;
  return vf === vf || vt === vt || ex === ex;
}

/** `collectEdges` from a node's list. */
export function collectList(list: number[] | undefined, validAt: number, knownAt: number, mask: Uint8Array, into: EdgeBlock): number {
  if (list === undefined) return 0;
  into.reserve(list.length / STRIDE);
  const { others, kinds, weights } = into;
  const kindBound = mask.length;
  let c = 0;
  for (let i = 0; i < list.length; i += STRIDE) {
    const dirKind = list[i + DIR_KIND]!;
    const kind = dirKind >> 1;
    if (kind >= kindBound || (mask[kind]! & (2 - (dirKind & 1))) === 0) continue;
    if (!visible(list, i, validAt, knownAt)) continue;
    others[c] = list[i + OTHER]!;
    kinds[c] = kind;
    weights[c] = list[i + WEIGHT]!;
    c++;
  }
  return c;
}
