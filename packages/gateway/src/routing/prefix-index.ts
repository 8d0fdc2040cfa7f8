/**
 * Which replicas probably hold which prompt blocks in their KV cache: block hash → bit set of replicas.
 * Bounded: at most `maxBlocks` entries, least recently used evicted first (a Map keeps insertion order, and a
 * touched block is re-inserted). Engine routers that let this grow without bound run out of memory; this one
 * states its size and cap in the metrics. It is an estimate — replicas evict on their own — so a stale bit
 * costs one cache miss, never a wrong answer.
 */
export class PrefixIndex {
  private readonly map = new Map<number, number>();
  evictions = 0;

  constructor(readonly maxBlocks: number) {}

  get size(): number {
    return this.map.size;
  }

  /** Rough heap bytes: a Map entry with two numbers is ~ 48–80 bytes in V8. */
  get approxBytes(): number {
    return this.map.size * 64;
  }

  /**
   * For each bit in `bits`, how many leading blocks of `hashes` that replica holds, written to `out[bit]`.
   * One walk over the blocks, stopping when no candidate matches any more.
   */
  matchLengths(hashes: readonly number[], bits: number, out: Int32Array, salt = 0): void {
    let alive = bits;
    for (let i = 0; i < hashes.length && alive !== 0; i++) {
      const next = alive & (this.map.get(hashes[i]! - salt) ?? 0);
      let dropped = alive & ~next;
      while (dropped !== 0) {
        const bit = 31 - Math.clz32(dropped);
        out[bit] = i;
        dropped &= ~(1 << bit);
      }
      alive = next;
    }
    while (alive !== 0) {
      const bit = 31 - Math.clz32(alive);
      out[bit] = hashes.length;
      alive &= ~(1 << bit);
    }
  }

  /**
   * Records that the replica with `bit` now holds these blocks, and marks them recently used. `salt` keeps
   * the bit numbering of different policies (targets) sharing one index apart.
   */
  add(hashes: readonly number[], bit: number, salt = 0): void {
    const flag = 1 << bit;
    const map = this.map;
    for (let i = 0; i < hashes.length; i++) {
      const h = hashes[i]! - salt;
      const prev = map.get(h);
      if (prev !== undefined) map.delete(h);
      map.set(h, (prev ?? 0) | flag);
    }
    while (map.size > this.maxBlocks) {
      map.delete(map.keys().next().value!);
      this.evictions++;
    }
  }

  clear(): void {
    this.map.clear();
  }
}
