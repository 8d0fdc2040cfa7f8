/**
 * Chained hashes of a prompt's blocks, as llm-d's inference scheduler does it: hash i covers the prompt up to
 * the end of block i, so equal hashes mean an equal whole prefix (what a KV cache can reuse). Blocks are
 * `blockChars` characters of the rendered prompt (64 ≈ 16 tokens, vLLM's KV block). Only whole blocks count —
 * engines cache whole blocks only. Two 32-bit FNV-style lanes make a 53-bit value: collisions stay negligible
 * at millions of blocks, and a JS number holds it exactly (no bigint, no allocation per block).
 */
export function prefixHashes(text: string, blockChars: number, maxBlocks: number, seed: string): number[] {
  let a = 0x811c9dc5 | 0;
  let b = 0x9747b28c | 0;
  for (let i = 0; i < seed.length; i++) {
    const c = seed.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  const blocks = Math.min(maxBlocks, Math.floor(text.length / blockChars));
  const out = new Array<number>(blocks);
  let i = 0;
  for (let k = 0; k < blocks; k++) {
    const end = i + blockChars;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    out[k] = (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
  }
  return out;
}
