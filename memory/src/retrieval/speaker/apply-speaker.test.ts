import { describe, expect, it } from "vitest";
import type { MemoryNode } from "../../model/node.js";
import { applySpeaker } from "./apply-speaker.js";

function item(id: string, score: number, speaker?: string) {
  const node: MemoryNode = {
    id, ns: "n", kind: "episode", text: id, attrs: speaker ? { speaker } : {}, version: 1,
    source: { id: "s", type: "user", trust: 0.5 }, time: { at: 0, validFrom: null, validTo: null, recordedAt: 0, expiredAt: null },
  };
  return { id, score, evidence: { bm25: { rank: 1, score } }, node };
}

describe("applySpeaker", () => {
  it("multiplies the named speaker's items by the boost and re-sorts", () => {
    const items = [item("tim-asks", 1.0, "Tim"), item("john-says", 0.7, "John"), item("tim-too", 0.5, "Tim")];
    const out = applySpeaker("What books has John read?", items, { boost: 1.5 });
    // John's 0.7 × 1.5 = 1.05 passes Tim's 1.0; Tim's items keep their scores.
    expect(out.items.map((x) => [x.id, x.score])).toEqual([["john-says", expect.closeTo(1.05, 9)], ["tim-asks", 1.0], ["tim-too", 0.5]]);
    expect(out.named).toEqual(["John"]);
    expect(out.items[0]!.evidence).toEqual({ bm25: { rank: 1, score: 0.7 }, speaker: { rank: 1, score: 1.5 } });
    expect(out.items[1]!.evidence.speaker).toEqual({ rank: 2, score: 1 });
    expect(out.items[0]).not.toHaveProperty("node");
  });

  it("matches a name only as a whole word, as written", () => {
    const items = [item("ann", 0.5, "Ann"), item("will", 0.5, "Will"), item("other", 0.6, "Bo")];
    expect(applySpeaker("Where did Anna go?", items, { boost: 2 }).named).toEqual([]);
    expect(applySpeaker("What will Bo do next?", items, { boost: 2 }).named).toEqual(["Bo"]);
    expect(applySpeaker("What is Ann's dog called?", items, { boost: 2 }).named).toEqual(["Ann"]);
    expect(applySpeaker("Did Ann and Will meet?", items, { boost: 2 }).named).toEqual(["Ann", "Will"]);
  });

  it("leaves the order alone when the query names no speaker, and ignores items without one", () => {
    const items = [item("a", 0.9, "Ann"), item("b", 0.8), item("c", 0.7, "Bo")];
    const out = applySpeaker("what happened last week?", items, { boost: 3 });
    expect(out.items.map((x) => [x.id, x.score])).toEqual([["a", 0.9], ["b", 0.8], ["c", 0.7]]);
    expect(out.named).toEqual([]);
  });
});
