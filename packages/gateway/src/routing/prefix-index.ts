/**
 * Which replicas probably hold which prompt blocks in their KV cache: block hash → bit set of replicas.
 * Bounded: at most `maxBlocks` entries. Engine routers that let this grow without bound run out of memory;
 * this one states its size and cap in the metrics. It is an estimate — replicas evict on their own — so a
 * stale bit costs one cache miss, never a wrong answer.
 *
 * Eviction is generational (two maps of up to maxBlocks/2 each; when the young one fills, the old one is
 * dropped whole and a used block is promoted back on touch): approximately least-recently-used, O(1) per
 * operation. An exact LRU on one Map (delete + re-insert, evict the first key) degraded quadratically once
 * full, because V8 leaves deleted entries for `keys().next()` to step over.
 */
export class PrefixIndex {
  private young = new Map<number, number>();
  private old = new Map<number, number>();
  private readonly generation: number;
  evictions = 0;

  constructor(readonly maxBlocks: number) {
    this.generation = Math.max(1, Math.floor(maxBlocks / 2));
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  /** Rough heap bytes: a Map entry with two numbers is ~ 48–80 bytes in V8. */
  get approxBytes(): number {
    return this.size * 64;
  }

  private get(h: number): number | undefined {
    return this.young.get(h) ?? this.old.get(h);
  }

  /**
   * For each bit in `bits`, how many leading blocks of `hashes` that replica holds, written to `out[bit]`.
   * One walk over the blocks, stopping when no candidate matches any more.
   */
  matchLengths(hashes: readonly number[], bits: number, out: Int32Array, salt = 0): void {
    let alive = bits;
    for (let i = 0; i < hashes.length && alive !== 0; i++) {
      const next = alive & (this.get(hashes[i]! - salt) ?? 0);
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
    for (let i = 0; i < hashes.length; i++) {
      const h = hashes[i]! - salt;
      const inYoung = this.young.get(h);
      if (inYoung !== undefined) {
        this.young.set(h, inYoung | flag);
        continue;
      }
      const inOld = this.old.get(h);
      if (inOld !== undefined) this.old.delete(h);
      this.young.set(h, (inOld ?? 0) | flag);
      if (this.young.size >= this.generation) {
        this.evictions += this.old.size;
        this.old = this.young;
        this.young = new Map();
      }
    }
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
  }
}
