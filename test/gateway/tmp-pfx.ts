import { prefixHashes, PrefixIndex } from "@hippograph/gateway";
const idx = new PrefixIndex(200_000);
const matched = new Int32Array(31);
const texts = Array.from({ length: 20000 }, (_, i) => "system\n" + Array.from({ length: 290 }, (_, k) => `p3s1c${i}xu${(k * 7919 + i).toString(36)}`).join(" "));
const t0 = performance.now();
for (let i = 0; i < texts.length; i++) {
  const h = prefixHashes(texts[i]!, 64, 256, "ours");
  idx.matchLengths(h, 0b1111, matched);
  idx.add(h, i % 4);
}
const dt = performance.now() - t0;
console.log("µs per request (hash+match+add):", (dt * 1000 / texts.length).toFixed(1), "index size", idx.size, "chars", texts[0]!.length);
