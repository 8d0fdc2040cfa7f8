/**
 * The k best nodes, in no particular order, given each node's score in the parallel `scores`
 * (read once by the caller: scratch lookups are random memory accesses, the costly part of
 * selection). Among equal scores at the cut the smallest ids win, so results do not depend on how
 * a backend numbers its nodes. O(n): quickselect finds the k-th best score, because frontiers can
 * hold far more candidates than are kept.
 */
export function topK(nodes: readonly number[], scores: Float64Array, k: number, id: (node: number) => string): number[] {
  if (nodes.length <= k) return [...nodes];
  const cut = kthLargest(scores.slice(0, nodes.length), k);
  const kept: number[] = [];
  const tied: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    if (scores[i]! > cut) kept.push(nodes[i]!);
    else if (scores[i] === cut) tied.push(nodes[i]!);
  }
  tied.sort((a, b) => (id(a) < id(b) ? -1 : 1));
  return kept.concat(tied.slice(0, k - kept.length));
}

/** The k-th largest value (1-based); reorders `a`. Hoare quickselect, median-of-three pivot. */
function kthLargest(a: Float64Array, k: number): number {
  const target = k - 1; // index in descending order
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const pivot = median(a[lo]!, a[mid]!, a[hi]!);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! > pivot) i++;
      while (a[j]! < pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return a[target]!;
  }
  return a[target]!;
}

function median(x: number, y: number, z: number): number {
  return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
}
