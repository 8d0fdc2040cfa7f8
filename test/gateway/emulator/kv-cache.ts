/**
 * A replica's KV cache of 16-token blocks, keyed by chained block hash, evicted least-recently-used. A lookup
 * matches the longest run of leading blocks present (a block whose parent was evicted is unreachable, as in vLLM).
 */
export class KvCache {
  private readonly blocks = new Map<number, true>();

  constructor(public capacity: number) {}

  get size(): number {
    return this.blocks.size;
  }

  /** Number of leading blocks of `hashes` present; touches them (most recently used). */
  match(hashes: readonly number[]): number {
    let n = 0;
    for (const h of hashes) {
      if (!this.blocks.has(h)) break;
      n++;
    }
    for (let i = 0; i < n; i++) this.touch(hashes[i]!);
    return n;
  }

  insert(hashes: readonly number[]): void {
    if (this.capacity <= 0) return;
    for (const h of hashes) {
      this.touch(h);
      while (this.blocks.size > this.capacity) {
        const oldest = this.blocks.keys().next();
        if (oldest.done === true) break;
        this.blocks.delete(oldest.value);
      }
    }
  }

  clear(): void {
    this.blocks.clear();
  }

  private touch(h: number): void {
    this.blocks.delete(h);
    this.blocks.set(h, true);
  }
}
