/**
 * The positions (in `nodes` and the parallel `scores`) of the k best nodes, in no particular order,
 * given each node's score, never NaN (read once by the caller: scratch lookups are random memory
 * accesses, the costly part of selection; positions let the caller read the chosen scores back
 * from its own array). Among equal scores at the cut the smallest ids win, so results do not
 * depend on how a backend numbers its nodes. O(n): a heap or quickselect finds the k-th best
 * score, because frontiers can hold far more candidates than are kept.
 */
export function topK(nodes: ArrayLike<number>, scores: Float64Array, k: number, id: (node: number) => string): number[] {
  const n = nodes.length;
  if (k <= 0) return [];
  if (n <= k) return Array.from({ length: n }, (_, i) => i);
  const cut = k * HEAP_SHARE < n ? kthLargestByHeap(scores, n, k) : kthLargestBySelect(scores, n, k);
  const kept: number[] = [];
  const tied: number[] = [];
  for (let i = 0; i < n; i++) {
    if (scores[i]! > cut) kept.push(i);
    else if (scores[i] === cut) tied.push(i);
  }
  return kept.concat(smallestIds(tied, k - kept.length, (i) => id(nodes[i]!)));
}

/**
 * The `need` positions with the smallest ids (ids are distinct), in no particular order:
 * quickselect on the ids, each looked up once — frontiers can tie by the thousand (a hub passes the
 * same amount to all its neighbours), and a sort calling `id` per comparison costs far more.
 */
function smallestIds(positions: number[], need: number, id: (position: number) => string): number[] {
  if (need <= 0) return [];
  if (positions.length <= need) return positions;
  const keys = positions.map(id);
  const cut = kthSmallest(keys.slice(), need);
  const chosen: number[] = [];
  for (let i = 0; i < positions.length; i++) if (keys[i]! <= cut) chosen.push(positions[i]!);
  return chosen;
}

/** The k-th smallest string (1-based); reorders `a`. Hoare quickselect, median-of-three pivot. */
function kthSmallest(a: string[], k: number): string {
  const target = k - 1;
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const x = a[lo]!;
    const y = a[(lo + hi) >> 1]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
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

/**
 * Below one in HEAP_SHARE kept (a ranking's limit among every touched node), a heap of the k best
 * finds the cut in one read of the scores, most of them rejected by one comparison; quickselect
 * copies them and partitions several times (measured: 50 of 126,754 scores, a wide bench spread's ranking).
 */
const HEAP_SHARE = 16;

/** Reusable buffers (selection runs synchronously): a copy of the scores that quickselect reorders, and the heap. */
let work = new Float64Array(1024);
let heap = new Float64Array(64);

function kthLargestBySelect(scores: Float64Array, n: number, k: number): number {
  if (work.length < n) work = new Float64Array(Math.max(n, work.length * 2));
  work.set(scores.subarray(0, n));
  return kthLargest(work, n, k);
}

/** The k-th largest of the first `n` scores, through a min-heap of the k largest so far. */
function kthLargestByHeap(scores: Float64Array, n: number, k: number): number {
  if (heap.length < k) heap = new Float64Array(Math.max(k, heap.length * 2));
  const h = heap;
  for (let i = 0; i < k; i++) siftUp(h, i, scores[i]!);
  for (let i = k; i < n; i++) {
    const x = scores[i]!;
    if (x > h[0]!) siftDown(h, k, x);
  }
  return h[0]!;
}

/** Adds x at the end (index `at`) of a min-heap. */
function siftUp(h: Float64Array, at: number, x: number): void {
  let i = at;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (h[parent]! <= x) break;
    h[i] = h[parent]!;
    i = parent;
  }
  h[i] = x;
}

/** Replaces the root of a min-heap of `size` with x. */
function siftDown(h: Float64Array, size: number, x: number): void {
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    if (child + 1 < size && h[child + 1]! < h[child]!) child++;
    if (h[child]! >= x) break;
    h[i] = h[child]!;
    i = child;
  }
  h[i] = x;
}

/** The k-th largest of the first `n` values (1-based); reorders them. Hoare quickselect, median-of-three pivot. */
function kthLargest(a: Float64Array, n: number, k: number): number {
  const target = k - 1; // index in descending order
  let lo = 0;
  let hi = n - 1;
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
