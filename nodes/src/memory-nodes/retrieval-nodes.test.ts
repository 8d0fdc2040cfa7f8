import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMemory, type Memory, type StepSpec, type ValidationError } from "@hippograph/memory";
import { CollectingSink } from "../trace/trace-sink.js";
import type { ActivatedMemory, RetrievedMemory } from "./memory-state.js";
import { nodePipeline } from "./node-pipeline.js";
import { retrieveNode } from "./retrieve-node.js";
import { spreadNode } from "./spread-node.js";
import { seedsOf } from "./text-of.js";

const NS = "u";

function paths(make: () => unknown): string[] {
  try {
    make();
  } catch (e) {
    return (e as ValidationError).issues.map((i) => i.path);
  }
  return [];
}

describe("retrieve and spread nodes on the retrieval operators", () => {
  let memory: Memory;
  let trace: CollectingSink;
  beforeEach(async () => {
    memory = await createMemory();
    trace = new CollectingSink();
    // A thread: the first episode is linked by `next` to the reply, which alone names the ferry. The first
    // states rather than asks, so the reply is not indexed with it (reply context) and only spreading finds it.
    await memory.addEpisodes([
      { id: "q", text: "We still need a boat to Cacilhas.", thread: "t" },
      { id: "a", text: "The orange ferry from Cais do Sodré, every twenty minutes.", thread: "t" },
      { id: "x", text: "Pixel the cat sleeps on the sofa all afternoon.", thread: "t2" },
    ], { ns: NS });
    await memory.addNotes([{ text: "Cacilhas is across the Tagus from Lisbon" }], { ns: NS });
  });
  afterEach(async () => memory.close());

  it("retrieve runs the default pipeline: hits carry channels and the path that reached them", async () => {
    const out = await retrieveNode({ memory, trace, ns: NS, k: 3 })({ query: "boat to Cacilhas" });
    const hits = (await retrieveNode({ memory, ns: NS, k: 3, from: "query" })({ query: "boat to Cacilhas" })).memories as RetrievedMemory[];
    expect(out).toEqual({ memories: [] }); // `messages` holds no query: nothing to look for
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThanOrEqual(3);
    expect(hits.map((h) => h.id)).toContain("q");
    // The answer never says "Cacilhas": spreading activation reached it over the thread's `next` edge.
    const answer = hits.find((h) => h.id === "a")!;
    expect(answer.explanation).toEqual({ seed: "q", path: [{ id: "a", via: "next" }] });
    expect(answer.channels).toEqual(["spread"]); // no speaker named: the speaker step leaves it as it was
    expect(JSON.parse(JSON.stringify(hits))).toEqual(hits);
  });

  it("retrieve takes a pipeline as data, writes the packed context with contextTo, and traces every operator", async () => {
    const pipeline: StepSpec[] = [{ op: "bm25", k: 10 }, { op: "filter", k: 10 }, { op: "pack", tokens: 200, order: "score" }];
    const recall = retrieveNode({ memory, trace, ns: NS, from: "query", k: 1, pipeline, contextTo: "context" });
    const out = await recall({ query: "Cacilhas" });
    const hits = out.memories as RetrievedMemory[];
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ channels: ["bm25"] });
    expect(hits[0]!.explanation).toBeUndefined(); // no graph operator ran
    expect(out.context).toContain("Cacilhas");
    // k caps the state list; the context is the pack step's, within its token budget
    expect(out.context).toContain("Tagus");
    expect(out.context).toContain("boat");
    const event = trace.events.at(-1)!;
    expect(event.name).toBe("memory-retrieve");
    expect((event.data.operators as { op: string }[]).map((o) => o.op)).toEqual(["bm25", "filter", "pack"]);
    expect(event.data).toMatchObject({ hits: 1, ids: [hits[0]!.id], contextItems: 2 });
    expect(await recall({ query: "  " })).toEqual({ memories: [], context: "" });
  });

  it("kinds filters what reaches the state — and the packed context — whatever the pipeline ends with", async () => {
    const notes = await retrieveNode({ memory, ns: NS, from: "query", kinds: ["note"], contextTo: "context" })({ query: "boat to Cacilhas" });
    expect((notes.memories as RetrievedMemory[]).map((m) => m.kind)).toEqual(["note"]);
    expect(notes.context).toContain("Tagus");
    expect(notes.context).not.toContain("boat");
    // A pipeline without a filter step gets one before its pack.
    const shaped = nodePipeline([{ op: "bm25" }, { op: "spread", edgeWeights: { next: 1 } }, { op: "pack" }], { k: 5, kinds: ["episode"] });
    expect(shaped.steps.map((s) => s.name ?? s.op)).toEqual(["bm25", "spread", "kinds", "pack"]);
    expect(shaped.steps[2]).toMatchObject({ op: "filter", from: ["spread"], kinds: ["episode"], k: 50 });
    expect(shaped.steps[3]).toMatchObject({ from: ["kinds"] });
    const episodes = await retrieveNode({
      memory, ns: NS, from: "query", kinds: ["episode"], contextTo: "context",
      pipeline: [{ op: "bm25" }, { op: "spread", edgeWeights: { next: 1 } }, { op: "pack" }],
    })({ query: "boat to Cacilhas" });
    expect((episodes.memories as RetrievedMemory[]).map((m) => m.id).sort()).toEqual(["a", "q"]);
    expect(episodes.context).not.toContain("Tagus");
    // With the default pipeline, k above its filter's 50 is honoured.
    expect(nodePipeline(undefined, { k: 80 }).steps.find((s) => s.op === "filter")).toMatchObject({ k: 80 });
  });

  it("a bad pipeline fails when the node is made, every issue at its path under options.pipeline", () => {
    expect(paths(() => retrieveNode({ memory, pipeline: [{ op: "bm25" }, { op: "spread", from: ["vectors"], edgeWeights: { next: 1 } }] }))).toEqual(["options.pipeline.steps[1].from[0]"]);
    expect(paths(() => retrieveNode({ memory, k: 0, pipeline: { steps: [{ op: "pack" }, { op: "bm25", k: -1 }] } }))).toEqual(["options.k", "options.pipeline.steps[1].k"]);
    expect(paths(() => retrieveNode({ memory, pipeline: "bm25" as never }))).toEqual(["options.pipeline"]);
    expect(paths(() => retrieveNode({ memory, pipeline: [{ op: "bm25" }], contextTo: "context" }))).toEqual(["options.contextTo"]);
    expect(paths(() => retrieveNode({ memory, pipeline: [{ op: "bm25" }, { op: "rerank", using: "cross" }] }))).toEqual(["options.pipeline.steps[1].using"]);
    expect(paths(() => retrieveNode({ memory, pipeline: [{ op: "bm25" }, { op: "rerank", using: "cross" }], rerankers: { cross: () => [] } }))).toEqual([]);
    expect(paths(() => retrieveNode({ memory, rerankers: { cross: "bge" } as never }))).toEqual(["options.rerankers"]);
  });

  it("a rerank step uses the node's rerankers", async () => {
    const longestFirst = (_q: string, items: readonly { node: { text: string | null } }[]) => items.map((x) => x.node.text?.length ?? 0);
    const recall = retrieveNode({ memory, ns: NS, from: "query", k: 2, pipeline: [{ op: "bm25" }, { op: "rerank", using: "long" }], rerankers: { long: longestFirst } });
    const hits = (await recall({ query: "Cacilhas" })).memories as RetrievedMemory[];
    // BM25 ranks the first turn first (its text is shorter); the reranker puts the longer note first.
    expect(hits.map((h) => h.kind)).toEqual(["note", "episode"]);
    expect(hits[0]!.channels).toEqual(expect.arrayContaining(["bm25", "rerank"]));
  });

  it("spread runs spreadActivation over the store: explanations, edge kinds, limits", async () => {
    const spread = spreadNode({ memory, trace, ns: NS, hops: 2 });
    const out = (await spread({ memories: [{ id: "q", score: 2 }] })).activated as ActivatedMemory[];
    expect(out[0]).toMatchObject({ id: "q", hops: 0, explanation: { seed: "q", path: [] } });
    // Activation adds up: the seed's 1, plus what comes back from its neighbours in hop 2.
    expect(out[0]!.activation).toBeGreaterThan(1);
    expect(out.find((a) => a.id === "a")).toMatchObject({ kind: "episode", hops: 1, explanation: { seed: "q", path: [{ id: "a", via: "next" }] } });
    expect(out.every((a, i) => i === 0 || a.activation <= out[i - 1]!.activation)).toBe(true);
    expect(trace.events.at(-1)).toMatchObject({ name: "memory-spread", data: { seeds: 1, reached: out.length, hops: expect.any(Number) } });
    // Only the kinds named are crossed; limit (or its old name maxNodes) caps the list, seeds included.
    expect(((await spreadNode({ memory, ns: NS, edgeKinds: ["mentions"] })({ memories: ["q"] })).activated as ActivatedMemory[]).map((a) => a.id)).not.toContain("a");
    expect(((await spreadNode({ memory, ns: NS, maxNodes: 1 })({ memories: ["q"] })).activated as ActivatedMemory[]).map((a) => a.id)).toEqual(["q"]);
    expect(await spreadNode({ memory, ns: NS })({ memories: [] })).toEqual({ activated: [] });
    // Ids that are no nodes are dropped.
    expect(((await spreadNode({ memory, ns: NS })({ memories: ["nope"] })).activated as ActivatedMemory[])).toEqual([]);
  });

  it("spread reads validity by the memory's clock, as retrieve does", async () => {
    const at = Date.UTC(2020, 0, 1);
    const replay = await createMemory({ clock: () => at });
    try {
      await replay.write({ nodes: [{ id: "a", kind: "entity", text: "A" }, { id: "b", kind: "entity", text: "B", validTo: Date.UTC(2021, 0, 1) }], edges: [{ kind: "relates", from: "a", to: "b" }] }, { ns: NS });
      const out = (await spreadNode({ memory: replay, ns: NS })({ memories: ["a"] })).activated as ActivatedMemory[];
      expect(out.map((m) => m.id)).toEqual(["a", "b"]); // b is still valid in 2020
    } finally {
      await replay.close();
    }
  });

  it("spread options are the operator's, checked when the node is made", () => {
    expect(paths(() => spreadNode({ memory, decay: 1 }))).toEqual(["options.decay"]);
    expect(paths(() => spreadNode({ memory, hops: 0, fanOut: 2 }))).toEqual(["options.hops", "options.fanOut"]);
    expect(paths(() => spreadNode({ memory, edgeWeights: { next: 2 } }))).toEqual(["options.edgeWeights.next"]);
    expect(paths(() => spreadNode({ memory, edgeWeights: { next: 1 }, edgeKinds: ["next"] }))).toEqual(["options.edgeKinds"]);
    expect(paths(() => spreadNode({ memory, limit: 5, maxNodes: 5 }))).toEqual(["options.maxNodes"]);
  });

  it("seedsOf scales hit scores to a best of 1 and seeds bare ids at 1", () => {
    expect(seedsOf([{ id: "a", score: 4 }, { id: "b", score: 1 }, { id: "a", score: 2 }, { id: "c", score: 0 }, "d", { nope: 1 }])).toEqual([
      { id: "a", activation: 1 }, { id: "b", activation: 0.25 }, { id: "d", activation: 1 },
    ]);
    expect(seedsOf([{ id: "a", score: -1 }, { id: "b", score: -2 }])).toEqual([{ id: "a", activation: 1 }, { id: "b", activation: 1 }]);
    expect(seedsOf("x")).toEqual([{ id: "x", activation: 1 }]);
    expect(seedsOf([{ id: "a", activation: 0.5 }])).toEqual([{ id: "a", activation: 1 }]);
  });
});
