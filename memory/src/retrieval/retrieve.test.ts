import { afterEach, describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import { createMemory } from "../facade/create-memory.js";
import type { Memory } from "../facade/memory.js";
import { RingBufferSink } from "../trace/ring-buffer-sink.js";
import type { StepSpec } from "./pipeline/spec.js";

const open: Memory[] = [];
afterEach(async () => {
  for (const m of open.splice(0)) await m.close();
});

const DAY = 86_400_000;
const conversation = [
  { id: "t1", text: "Did you ever get a pet in the end?", speaker: "Bruno" },
  { id: "t2", text: "Yes! We went to the shelter on Saturday and came home with Pixel.", speaker: "Ana" },
  { id: "t3", text: "That is lovely, what breed?", speaker: "Bruno" },
  { id: "t4", text: "I am training for the Lisbon half marathon next spring.", speaker: "Ana" },
  { id: "t5", text: "My knee hurts after long runs, so I bought new shoes.", speaker: "Bruno" },
].map((t, i) => ({ ...t, thread: "chat", at: Date.UTC(2023, 4, 8) + i * 1000 }));

async function memoryWith(trace = new RingBufferSink(1000)): Promise<Memory> {
  const m = await createMemory({ trace });
  open.push(m);
  await m.addEpisodes(conversation, { ns: "ana" });
  await m.addEpisodes([{ id: "x1", text: "Ana's pet Pixel is a secret in this namespace", thread: "other" }], { ns: "someone-else" });
  return m;
}

describe("memory.retrieve", () => {
  it("spreads from a lexical hit to the turn that answers it, and explains the path", async () => {
    const m = await memoryWith();
    const steps: StepSpec[] = [{ op: "bm25", k: 1 }, { op: "spread", hops: 1, decay: 0.5, fanOut: 0, threshold: 0, edgeWeights: { next: 1 } }, { op: "filter", k: 5 }];
    const result = await m.retrieve("Did Ana ever get a pet?", { ns: "ana", pipeline: steps });
    // BM25's one seed is t1 (activation 1); one hop along `next` gives t2 1 × 0.5 × 1 = 0.5.
    expect(result.items.map((x) => [x.id, x.score])).toEqual([["t1", 1], ["t2", 0.5]]);
    expect(result.items[1]!.explanation).toEqual({ seed: "t1", path: [{ id: "t2", via: "next" }] });
    expect(result.items[1]!.evidence.spread).toEqual({ rank: 2, score: 0.5 });
  });

  it("runs the default pipeline with no model, packs a context, and stays in its namespace", async () => {
    const m = await memoryWith();
    const result = await m.retrieve("Where did Ana go on Saturday?", { ns: "ana" });
    expect(result.items[0]!.id).toBe("t2");
    expect(result.items.every((x) => x.node.ns === "ana")).toBe(true);
    expect(result.context!.text).toContain("Pixel");
    expect(result.context!.tokens).toBeLessThanOrEqual(2000);
    expect(result.trace.map((t) => t.op)).toEqual(["bm25", "bm25", "time", "spread", "speaker", "filter", "pack"]);
  });

  it("reports every operator as a trace event, the spread with its activation map", async () => {
    const sink = new RingBufferSink(1000);
    const m = await memoryWith(sink);
    await m.retrieve("shelter", { ns: "ana", pipeline: [{ op: "bm25" }, { op: "spread", edgeWeights: { next: 1 } }] });
    const events = sink.events().filter((e) => e.type === "operator-end");
    expect(events.map((e) => e.data.op)).toEqual(["bm25", "spread"]);
    const spread = events[1]!.data as { data: { activation: Record<string, number>; stats: { relaxedEdges: number } }; ms: number };
    expect(Object.keys(spread.data.activation)).toContain("t2");
    expect(spread.data.stats.relaxedEdges).toBeGreaterThan(0);
    expect(spread.ms).toBeGreaterThanOrEqual(0);
  });

  it("finds turns by the dates in the question, relative to the conversation's own time", async () => {
    const m = await memoryWith();
    await m.addEpisodes([{ id: "old", text: "a walk in the park", thread: "chat", at: Date.UTC(2022, 6, 1) }], { ns: "ana" });
    const result = await m.retrieve("what happened in July 2022?", { ns: "ana", pipeline: [{ op: "time" }, { op: "filter" }] });
    expect(result.items.map((x) => x.id)).toEqual(["old"]);
    expect(result.items[0]!.evidence.time).toBeDefined();
  });

  it("drops invalidated memories unless the view looks back before the invalidation", async () => {
    let now = Date.UTC(2024, 0, 1);
    const m = await createMemory({ clock: () => now });
    open.push(m);
    await m.addEpisodes(conversation, { ns: "ana" });
    now += DAY;
    await m.invalidate("t2", { ns: "ana" });
    const steps: StepSpec[] = [{ op: "bm25" }, { op: "filter" }];
    expect((await m.retrieve("shelter Pixel", { ns: "ana", pipeline: steps })).items.map((x) => x.id)).not.toContain("t2");
    const before = await m.retrieve("shelter Pixel", { ns: "ana", pipeline: steps, view: { validAt: now - DAY / 2 } });
    expect(before.items.map((x) => x.id)).toContain("t2");
  });

  it("calls a reranker on the head of the list and keeps the rest below it", async () => {
    const m = await memoryWith();
    const seen: string[][] = [];
    const steps: StepSpec[] = [{ op: "bm25", k: 10 }, { op: "rerank", using: "shortest", k: 2 }, { op: "filter" }];
    const result = await m.retrieve("Ana Bruno", { ns: "ana", pipeline: steps, rerankers: {
      shortest: (_q, items) => (seen.push(items.map((x) => x.id)), items.map((x) => -(x.node.text ?? "").length)),
    } });
    expect(seen[0]).toHaveLength(2);
    expect(result.items.slice(0, 2).map((x) => x.id).sort()).toEqual([...seen[0]!].sort());
    const [first, second] = result.items.map((x) => x.node.text!.length);
    expect(first).toBeLessThanOrEqual(second!);
  });

  it("rejects bad input with the path of the problem", async () => {
    const m = await memoryWith();
    await expect(m.retrieve("  ", { ns: "ana" })).rejects.toThrow(ValidationError);
    await expect(m.retrieve("x", { ns: "ana", pipeline: [{ op: "bm25" }, { op: "rerank", using: "none" }] })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: "steps[1].using" })],
    });
    await expect(m.retrieve("x", { ns: "ana", pipeline: [{ op: "spread", decay: 2 }] as never })).rejects.toMatchObject({
      issues: expect.arrayContaining([expect.objectContaining({ path: "steps[0].decay" })]),
    });
    await expect(m.retrieve("x", { ns: "ana", pipline: [] } as never)).rejects.toThrow(ValidationError);
  });
});

describe("the recency step (ACT-R base level)", () => {
  it("adds weight × (−d · ln(age in days + 1)) and re-sorts", async () => {
    const now = Date.UTC(2024, 0, 31);
    const m = await createMemory({ clock: () => now });
    open.push(m);
    await m.addEpisodes([
      { id: "old", text: "the lighthouse keeper", at: now - 30 * DAY },
      { id: "new", text: "the lighthouse keeper again today", at: now },
    ], { ns: "r" });
    const steps: StepSpec[] = [{ op: "bm25" }, { op: "recency", weight: 1, decay: 0.5 }];
    const plain = await m.retrieve("lighthouse keeper", { ns: "r", pipeline: [{ op: "bm25" }] });
    const bm25 = Object.fromEntries(plain.items.map((x) => [x.id, x.score]));
    const result = await m.retrieve("lighthouse keeper", { ns: "r", pipeline: steps });
    const score = Object.fromEntries(result.items.map((x) => [x.id, x.score]));
    // 30 days old: B = −0.5 · ln 31 = −1.71699; today: B = −0.5 · ln 1 = 0.
    expect(score.old).toBeCloseTo(bm25.old! - 0.5 * Math.log(31), 6);
    expect(score.new).toBeCloseTo(bm25.new!, 6);
    expect(result.items[0]!.id).toBe("new");
    expect(result.items[1]!.evidence.recency).toEqual({ rank: 2, score: expect.closeTo(-1.71699, 4) });
  });
});

describe("the speaker step", () => {
  const boosted = (items: readonly { id: string; score: number; node: { attrs: Record<string, unknown> } }[], k: number, boost: number) => {
    const head = items.slice(0, k).map((x) => [x.id, x.score * (x.node.attrs.speaker === "Bruno" ? boost : 1)] as const);
    return [...[...head].sort((a, b) => b[1] - a[1]), ...items.slice(k).map((x) => [x.id, x.score] as const)];
  };

  it("multiplies what the named speaker said by the boost, and keeps the unread tail below", async () => {
    const m = await memoryWith();
    const query = "Did Bruno get a pet after the shelter?";
    const plain = await m.retrieve(query, { ns: "ana", pipeline: [{ op: "bm25" }] });
    expect(plain.items.length).toBeGreaterThan(2);
    const result = await m.retrieve(query, { ns: "ana", pipeline: [{ op: "bm25" }, { op: "speaker", boost: 2, k: 2 }] });
    expect(result.items.map((x) => [x.id, x.score])).toEqual(boosted(plain.items, 2, 2));
    expect(result.trace.find((t) => t.op === "speaker")?.data).toEqual({ named: ["Bruno"] });
    const bruno = result.items.find((x) => x.node.attrs.speaker === "Bruno" && x.evidence.speaker)!;
    expect(bruno.evidence.speaker!.score).toBe(2);
  });

  it("reorders the whole list when it reads every item", async () => {
    const m = await memoryWith();
    const query = "pet shelter breed, asked Bruno";
    const plain = await m.retrieve(query, { ns: "ana", pipeline: [{ op: "bm25" }] });
    const result = await m.retrieve(query, { ns: "ana", pipeline: [{ op: "bm25" }, { op: "speaker", boost: 100 }] });
    const ids = result.items.map((x) => x.id);
    expect(ids).toEqual(boosted(plain.items, plain.items.length, 100).map(([id]) => id));
    const speakers = result.items.map((x) => x.node.attrs.speaker);
    expect(speakers[0]).toBe("Bruno");
    expect(ids).not.toEqual(plain.items.map((x) => x.id)); // the boost changed the order
  });
});

describe("a memory with its own clock", () => {
  it("records edges at the memory's time, so spreading sees them from 'now'", async () => {
    const m = await createMemory({ clock: () => Date.UTC(2023, 0, 1) }); // a replay, far from the wall clock
    open.push(m);
    await m.addEpisodes(conversation, { ns: "replay" });
    const steps: StepSpec[] = [{ op: "bm25", k: 1 }, { op: "spread", hops: 1, decay: 0.5, fanOut: 0, threshold: 0, edgeWeights: { next: 1 } }, { op: "filter" }];
    const result = await m.retrieve("Did Ana ever get a pet?", { ns: "replay", pipeline: steps });
    expect(result.items.map((x) => x.id)).toEqual(["t1", "t2"]);
  });
});
