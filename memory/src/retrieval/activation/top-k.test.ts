import { describe, expect, it } from "vitest";
import { topK } from "./top-k.js";

describe("topK", () => {
  // Half the rounds keep few: past about 80 nodes that is under a sixteenth, where a heap finds the cut instead of quickselect.
  it("keeps the k best scores, breaking ties at the cut by smallest id, however many tie", () => {
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let round = 0; round < 400; round++) {
      const few = round % 2 === 1;
      const n = 1 + Math.floor(rand() * (few ? 3000 : 300));
      const levels = 1 + Math.floor(rand() * (few ? 500 : 5)); // few distinct scores: many ties
      const nodes = Array.from({ length: n }, (_, i) => i * 7 + 3);
      const scores = Float64Array.from(nodes, () => Math.floor(rand() * levels) / levels);
      const id = (node: number) => `x${(node * 7919) % 1009}-${node}`;
      const k = 1 + Math.floor(rand() * (few ? n / 20 : n * 1.2));
      const expected = nodes
        .map((node, i) => ({ node, score: scores[i]! }))
        .sort((a, b) => b.score - a.score || (id(a.node) < id(b.node) ? -1 : 1))
        .slice(0, k)
        .map((x) => x.node)
        .sort((a, b) => a - b);
      expect(topK(nodes, scores, k, id).map((i) => nodes[i]!).sort((a, b) => a - b)).toEqual(expected);
    }
  });

  it("orders tied ids exactly as string comparison does: prefixes first, by UTF-16 code unit", () => {
    const alphabet = ["", "a", "b", "A", "é", "\u0000", "😀", "z9", "aa"];
    let seed = 5;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let round = 0; round < 200; round++) {
      const ids = new Set<string>();
      const size = 2 + Math.floor(rand() * 60);
      while (ids.size < size) ids.add(Array.from({ length: Math.floor(rand() * 4) }, () => alphabet[Math.floor(rand() * alphabet.length)]!).join(""));
      const list = [...ids];
      const nodes = list.map((_, i) => i);
      const scores = new Float64Array(list.length).fill(1); // all tied
      const k = 1 + Math.floor(rand() * (list.length - 1));
      const expected = [...list].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, k).sort();
      expect(Array.from(topK(nodes, scores, k, (i) => list[i]!), (i) => list[i]!).sort()).toEqual(expected);
    }
  });
});
