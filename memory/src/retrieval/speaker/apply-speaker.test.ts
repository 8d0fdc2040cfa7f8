import { describe, expect, it } from "vitest";
import type { MemoryNode } from "../../model/node.js";
import type { ScoredItem } from "../scored.js";
import { applySpeaker, names } from "./apply-speaker.js";

function node(id: string, speaker?: string): MemoryNode {
  return {
    id, ns: "n", kind: "episode", text: id, attrs: speaker ? { speaker } : {}, version: 1,
    source: { id: "s", type: "user", trust: 0.5 }, time: { at: 0, validFrom: null, validTo: null, recordedAt: 0, expiredAt: null },
  };
}

/** Items with their speakers; `nodeOf` knows every item but `unread`. */
function list(rows: [id: string, score: number, speaker?: string][], unread: readonly string[] = []) {
  const nodes = new Map(rows.filter(([id]) => !unread.includes(id)).map(([id, , speaker]) => [id, node(id, speaker)]));
  const items: ScoredItem[] = rows.map(([id, score]) => ({ id, score, evidence: { bm25: { rank: 1, score } } }));
  return { items, nodeOf: (id: string) => nodes.get(id) };
}

describe("applySpeaker", () => {
  it("multiplies the named speaker's positive scores by the boost and re-sorts", () => {
    const { items, nodeOf } = list([["ana-asks", 1.0, "Ana"], ["bruno-says", 0.7, "Bruno"], ["ana-too", 0.5, "Ana"]]);
    const out = applySpeaker("Which novels did Bruno finish this winter?", items, nodeOf, { boost: 1.5 });
    // Bruno's 0.7 + 0.5 × 0.7 = 1.05 passes Ana's 1.0; Ana's items keep their scores and evidence.
    expect(out.items.map((x) => [x.id, x.score])).toEqual([["bruno-says", expect.closeTo(1.05, 9)], ["ana-asks", 1.0], ["ana-too", 0.5]]);
    expect(out.named).toEqual(["Bruno"]);
    expect(out.items[0]!.evidence).toEqual({ bm25: { rank: 1, score: 0.7 }, speaker: { rank: 1, score: 1.5 } });
    expect(out.items[1]!.evidence).toEqual({ bm25: { rank: 1, score: 1.0 } });
  });

  it("raises a negative score too (a reranker's logits): score + (boost − 1)·|score|", () => {
    const { items, nodeOf } = list([["bruno", -1.0, "Bruno"], ["ana", -1.6, "Ana"]]);
    const out = applySpeaker("Did Ana get a pet?", items, nodeOf, { boost: 1.5 });
    // −1.6 + 0.5 × 1.6 = −0.8, above Bruno's −1.0.
    expect(out.items.map((x) => [x.id, x.score])).toEqual([["ana", expect.closeTo(-0.8, 9)], ["bruno", -1.0]]);
  });

  it("returns the list as it was when the query names no speaker, and keeps items it has no node for", () => {
    const { items, nodeOf } = list([["a", 0.9, "Ann"], ["gone", 0.85, "Bo"], ["b", 0.8], ["c", 0.7, "Bo"]], ["gone"]);
    const same = applySpeaker("what happened last week?", items, nodeOf, { boost: 3 });
    expect(same).toEqual({ items, named: [] });
    const out = applySpeaker("what did Bo say?", items, nodeOf, { boost: 2 });
    expect(out.items.map((x) => [x.id, x.score])).toEqual([["c", 1.4], ["a", 0.9], ["gone", 0.85], ["b", 0.8]]);
  });

  it("compares a name and a query in the same Unicode normal form", () => {
    const { items, nodeOf } = list([["other", 1, "Ana"], ["jose", 0.9, "Jos\u00e9"]]);
    const out = applySpeaker("What did Jose\u0301 cook?", items, nodeOf, { boost: 2 }); // é written as e + combining acute
    expect(out.named).toEqual(["Jos\u00e9"]);
    expect(out.items[0]!.id).toBe("jose");
  });
});

describe("names (a speaker named in a query)", () => {
  it("matches a whole word, as written", () => {
    expect(names("Where did Anna go?", "Ann")).toBe(false);
    expect(names("What will Bo do next?", "Will")).toBe(false);
    expect(names("What is Ann's dog called?", "Ann")).toBe(true);
    expect(names("Did Mary-Ann and Will meet?", "Ann")).toBe(true);
    expect(names("WHAT DID ANN READ?", "Ann")).toBe(false);
    expect(names("anything", "")).toBe(false);
  });

  it("needs no spaces around a name in scripts written without them, and reads astral characters whole", () => {
    expect(names("田中さんは何を読みましたか", "田中")).toBe(true);
    expect(names("田中读了什么书？", "田中")).toBe(true);
    expect(names("𝐀Ann said", "Ann")).toBe(false); // a mathematical letter (a surrogate pair) before the name is a letter
    expect(names("😀Ann said", "Ann")).toBe(true); // an emoji is not
  });
});
