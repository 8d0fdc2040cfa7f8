import { describe, expect, it } from "vitest";
import type { MemoryNode } from "../../model/node.js";
import { estimateTokens, packContext } from "./pack-context.js";

function node(id: string, text: string, at: number, thread = "t1", speaker?: string): MemoryNode {
  return {
    id, ns: "n", kind: "episode", text, attrs: { thread, ...(speaker ? { speaker } : {}) }, version: 1,
    source: { id: "s", type: "user", trust: 0.5 }, time: { at, validFrom: null, validTo: null, recordedAt: at, expiredAt: null },
  };
}

const DAY = 86_400_000;

describe("packContext", () => {
  it("takes the best items first, then lays them out by thread and time", () => {
    const items = [
      { id: "late", score: 3, node: node("late", "we moved to Lisbon", 3 * DAY) },
      { id: "other", score: 2, node: node("other", "a different thread", 5 * DAY, "t2") },
      { id: "early", score: 1, node: node("early", "we planned the move", 1 * DAY, "t1", "Ana") },
    ];
    const packed = packContext(items, { tokens: 1000, order: "time" });
    expect(packed.items.map((x) => x.id)).toEqual(["early", "late", "other"]);
    expect(packed.text.split("\n")[0]).toBe("[1970-01-02] Ana: we planned the move");
  });

  it("stops at the budget without dropping a better item for a worse one", () => {
    const long = "x".repeat(400); // 101 tokens
    const items = [
      { id: "a", score: 3, node: node("a", long, 1) },
      { id: "b", score: 2, node: node("b", `${long}y`, 2) },
      { id: "c", score: 1, node: node("c", "short", 3) },
    ];
    const rendered = `[1970-01-01] ${long}`;
    const budget = estimateTokens(rendered) + 10; // room for "c" (6 tokens), not for "b" (102)
    const packed = packContext(items, { tokens: budget, order: "score" });
    expect(packed.items.map((x) => x.id)).toEqual(["a", "c"]);
    expect(packed.dropped).toEqual([{ id: "b", reason: "budget" }]);
    expect(packed.tokens).toBeLessThanOrEqual(budget);
  });

  it("drops an item that says what an included one says", () => {
    const items = [
      { id: "episode", score: 2, node: node("episode", "We adopted a cat named Bailey!", 1) },
      { id: "note", score: 1, node: { ...node("note", "we adopted a cat, named Bailey", 1), kind: "note" } },
    ];
    const packed = packContext(items, { tokens: 1000, order: "score" });
    expect(packed.items.map((x) => x.id)).toEqual(["episode"]);
    expect(packed.dropped).toEqual([{ id: "note", reason: "duplicate" }]);
  });
});

describe("packContext duplicates", () => {
  it("treats a note restating a turn with its speaker as the turn's duplicate", () => {
    const turn = node("t", "We adopted a cat named Bailey!", 1, "t1", "Ana");
    const note: MemoryNode = { ...node("n", "Ana: we adopted a cat named Bailey", 1), kind: "note", attrs: {} };
    const packed = packContext([{ id: "t", score: 2, node: turn }, { id: "n", score: 1, node: note }], { tokens: 1000, order: "score" });
    expect(packed.dropped).toEqual([{ id: "n", reason: "duplicate" }]);
  });
});
