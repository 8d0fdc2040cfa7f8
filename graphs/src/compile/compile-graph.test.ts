import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMemory, type Memory, type ValidationError } from "@hippograph/memory";
import { HumanMessage, type BaseMessage } from "@langchain/core/messages";
import { Command, Overwrite } from "@langchain/langgraph";
import { graph } from "../builder/graph-builder.js";
import { ScriptedChatModel } from "../models/scripted-chat-model.js";
import { parseGraphSpec } from "../spec/load-spec.js";
import { compileGraph } from "./compile-graph.js";

const counterSpec = `
name: counter
state:
  count: { type: number, reducer: sum }
  log: { type: array, reducer: append }
nodes:
  - { id: inc, type: function, fn: inc }
  - id: loop
    type: router
    routes: [{ when: { channel: count, op: lt, value: 3 }, to: inc }]
    default: END
edges:
  - { from: START, to: inc }
  - { from: inc, to: loop }
`;
const inc = (s: Record<string, unknown>) => ({ count: 1, log: [`at ${String(s.count)}`] });

function issues(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    return (error as ValidationError).issues.map((i) => i.path);
  }
  return [];
}

describe("compileGraph", () => {
  let memory: Memory;
  beforeEach(async () => {
    memory = await createMemory();
  });
  afterEach(async () => memory.close());

  it("compiles a YAML spec: reducers (sum, append) and a router loop with an exit", async () => {
    const app = compileGraph(parseGraphSpec(counterSpec), { functions: { inc } });
    expect(await app.invoke({})).toEqual({ count: 3, log: ["at 0", "at 1", "at 2"] });
  });

  it("enforces each channel's declared type on every write: a node's update and a run's input", async () => {
    const typed = graph("typed")
      .channel("count", { type: "number", reducer: "sum" })
      .channel("log", { type: "array", reducer: "append" })
      .channel("title", { type: "string" })
      .fn("step", "step")
      .edge("START", "step").edge("step", "END");
    const run = (step: (s: Record<string, unknown>) => Record<string, unknown>, input: Record<string, unknown> = {}) =>
      typed.compile({ functions: { step } }).invoke(input);
    // append takes one item or several; replace takes null to clear.
    expect(await run(() => ({ count: 2, log: "one", title: null }), { title: "draft", log: ["zero"] })).toEqual({ count: 2, log: ["zero", "one"], title: null });
    await expect(run(() => ({ count: "2" }))).rejects.toMatchObject({
      code: "VALIDATION", issues: [{ path: "state.count", message: 'expects a number; got a string: "2" (written by node "step")' }],
    });
    await expect(run(() => ({ title: 42 }))).rejects.toMatchObject({ issues: [{ path: "state.title", message: 'expects a string (or null); got a number (written by node "step")' }] });
    await expect(run(() => ({ count: Number.NaN }))).rejects.toMatchObject({ issues: [{ path: "state.count", message: 'expects a number; got NaN (written by node "step")' }] });
    await expect(run(() => ({}), { title: ["not", "a", "string"] })).rejects.toMatchObject({ issues: [{ path: "state.title", message: "expects a string (or null); got an array (written by the run's input)" }] });
    // A Command's update is checked like a returned one; undefined writes nothing.
    await expect(run(() => new Command({ update: { title: 42 } }) as never)).rejects.toMatchObject({ issues: [{ path: "state.title", message: 'expects a string (or null); got a number (written by node "step")' }] });
    expect(await run(() => ({ count: undefined, title: undefined }), { title: "kept", count: 5 })).toEqual({ count: 5, log: [], title: "kept" });
    // Overwrite sets a channel past its reducer: a whole value of the channel's type, a number to reset a sum.
    expect(await run(() => ({ count: new Overwrite(0), log: new Overwrite(["fresh"]) }), { count: 4, log: ["old"] })).toEqual({ count: 0, log: ["fresh"] });
    await expect(run(() => ({ log: new Overwrite("not a list") }))).rejects.toMatchObject({ issues: [{ path: "state.log", message: 'an Overwrite expects an array; got a string: "not a list" (written by node "step")' }] });
    await expect(run(() => ({ count: { __overwrite__: "x" } }))).rejects.toMatchObject({ issues: [{ path: "state.count", message: 'an Overwrite expects a number; got a string: "x" (written by node "step")' }] });
    // Straight through LangGraph, past the node check: the reducer refuses a write to a channel that holds a value.
    const raw = typed.compile({ functions: { step: () => ({}) } }).graph;
    await expect(raw.invoke({ count: "7" } as never)).rejects.toMatchObject({ issues: [{ path: "state.count", message: 'expects a number; got a string: "7"' }] });
  });

  it("the builder produces the same spec and the same run", async () => {
    const built = graph("counter")
      .channel("count", { type: "number", reducer: "sum" })
      .channel("log", { type: "array", reducer: "append" })
      .fn("inc", "inc")
      .router("loop", [{ when: { channel: "count", op: "lt", value: 3 }, to: "inc" }], "END")
      .edge("START", "inc", "loop");
    expect(built.build()).toEqual(parseGraphSpec(counterSpec));
    expect(await built.compile({ functions: { inc } }).invoke({})).toEqual({ count: 3, log: ["at 0", "at 1", "at 2"] });
  });

  it("llm + tool nodes run a ReAct loop with memory tools; the system prompt renders channels", async () => {
    const model = new ScriptedChatModel([
      { toolCalls: [{ name: "remember", args: { text: "Ana's cat is Pixel" } }] },
      "Saved.",
    ]);
    const app = graph("react")
      .channel("messages", { type: "messages" })
      .channel("topic", { type: "string" })
      .llm("agent", { model: "m", tools: ["remember"], system: "Topic: {topic}. Unknown {placeholder} stays." })
      .router("route", [{ when: { channel: "messages", op: "has_tool_calls" }, to: "tools" }], "END")
      .tool("tools", { tools: ["remember"] })
      .edge("START", "agent", "route").edge("tools", "agent")
      .compile({ models: { m: model }, memory });
    const out = await app.invoke({ messages: [new HumanMessage("remember: Ana's cat is Pixel")], topic: "pets" });
    const messages = out.messages as BaseMessage[];
    expect(messages.map((m) => m.getType())).toEqual(["human", "ai", "tool", "ai"]);
    expect(model.prompts[0]![0]!.content).toBe("Topic: pets. Unknown {placeholder} stays.");
    const [hit] = await memory.search("Pixel", { kinds: ["note"] });
    expect(hit!.node.text).toBe("Ana's cat is Pixel");
  });

  it("an llm node reading a string channel sends it as one user turn, with or without a system prompt", async () => {
    for (const system of [undefined, "Be brief."]) {
      const model = new ScriptedChatModel(["4"]);
      const app = graph("ask")
        .channel("question", { type: "string" })
        .channel("answer", { type: "string" })
        .llm("agent", { model: "m", input: "question", output: "answer", ...(system ? { system } : {}) })
        .edge("START", "agent", "END")
        .compile({ models: { m: model } });
      expect((await app.invoke({ question: "What is 2+2?" })).answer).toBe("4");
      expect(model.prompts[0]!.map((m) => [m.getType(), m.content])).toEqual([...(system ? [["system", system]] : []), ["human", "What is 2+2?"]]);
    }
  });

  it("an interrupt pauses the run and Command({ resume }) writes the answer to its channel", async () => {
    const app = graph("approval")
      .channel("draft", { type: "string" })
      .channel("approved", { type: "string" })
      .interrupt("ask", { prompt: "Publish this draft?", show: ["draft"], output: "approved" })
      .edge("START", "ask", "END")
      .compile();
    const config = { configurable: { thread_id: "t1" } };
    const paused = await app.invoke({ draft: "Hello" }, config);
    expect(paused.__interrupt__).toEqual([expect.objectContaining({ value: { node: "ask", prompt: "Publish this draft?", draft: "Hello" } })]);
    const done = await app.invoke(new Command({ resume: "yes" }), config);
    expect(done).toEqual({ draft: "Hello", approved: "yes" });
  });

  it("an interrupt inside a subgraph named by registry ref also gets the automatic checkpointer", async () => {
    const inner = graph("review")
      .channel("draft", { type: "string" })
      .channel("approved", { type: "string" })
      .interrupt("ask", { prompt: "Publish?", show: ["draft"], output: "approved" })
      .edge("START", "ask", "END")
      .toJSON();
    const app = graph("outer")
      .channel("draft", { type: "string" })
      .channel("approved", { type: "string" })
      .subgraph("review", "review")
      .edge("START", "review", "END")
      .compile({ graphs: { review: inner } });
    const config = { configurable: { thread_id: "t-ref" } };
    const paused = await app.invoke({ draft: "Hi" }, config);
    expect(paused.__interrupt__).toEqual([expect.objectContaining({ value: { node: "ask", prompt: "Publish?", draft: "Hi" } })]);
    expect(await app.invoke(new Command({ resume: "no" }), config)).toEqual({ draft: "Hi", approved: "no" });
  });

  it("subgraphs, inline or by registry ref, share channels with the parent", async () => {
    // A subgraph hands back its final values, which go through the parent's reducers: shared channels
    // should replace (or be messages, deduplicated by id), or a sum/append would count twice.
    const inner = graph("inner").channel("count", { type: "number", default: 0 }).fn("inc", "inc").edge("START", "inc", "END").toJSON();
    const app = graph("outer")
      .channel("count", { type: "number", default: 0 })
      .subgraph("a", inner)
      .subgraph("b", "inner")
      .edge("START", "a", "b", "END")
      .compile({ functions: { inc: (s) => ({ count: Number(s.count) + 1 }) }, graphs: { inner } });
    expect((await app.invoke({})).count).toBe(2);
  });

  it("a channel a subgraph shares with the graph around it must have one type, inline or by ref", () => {
    const inner = graph("inner").channel("count", { type: "string" }).fn("f", "f").edge("START", "f", "END").toJSON();
    const outer = graph("outer").channel("count", { type: "number", default: 0 }).subgraph("a", inner).subgraph("b", "inner").edge("START", "a", "b", "END");
    let caught: ValidationError | undefined;
    try {
      outer.compile({ functions: { f: () => ({}) }, graphs: { inner } });
    } catch (error) {
      caught = error as ValidationError;
    }
    expect(caught?.issues).toEqual([
      { path: "nodes[0].spec.state.count", message: 'channel "count" is a string in the subgraph but a number in the graph around it: a shared channel has one type' },
      { path: "nodes[1].ref", message: 'channel "count" is a string in the subgraph but a number in the graph around it: a shared channel has one type' },
    ]);
  });

  it("an invalid registry graph's issues name the registry graph, not the spec that refers to it", () => {
    const broken = { name: "broken", state: { n: { type: "number" } }, nodes: [{ id: "f", type: "function", fn: "inc" }], edges: [{ from: "START", to: "f" }, { from: "f", to: "nope" }] };
    const outer = { name: "outer", state: { n: { type: "number" } }, nodes: [{ id: "sub", type: "subgraph", ref: "broken" }], edges: [{ from: "START", to: "sub" }, { from: "sub", to: "END" }] };
    expect(issues(() => compileGraph(outer, { functions: { inc: (s) => s }, graphs: { broken: broken as never } }))).toContain("graphs.broken.edges[1].to");
  });

  it("memory nodes run inside a spec and their option errors carry the node's path", async () => {
    await memory.addNotes([{ text: "The Lisbon half marathon is in March" }], { ns: "u" });
    const spec = (k: unknown) => ({
      name: "m", state: { query: { type: "string" }, memories: { type: "array" }, activated: { type: "array" } },
      nodes: [{ id: "find", type: "memory", op: "retrieve", options: { from: "query", k, ns: "u" } }, { id: "spread", type: "memory", op: "spread", options: { ns: "u" } }],
      edges: [{ from: "START", to: "find" }, { from: "find", to: "spread" }, { from: "spread", to: "END" }],
    });
    const out = await compileGraph(spec(2), { memory }).invoke({ query: "when is the Lisbon race?" });
    expect((out.memories as { text: string }[])[0]!.text).toContain("Lisbon");
    expect((out.activated as { hops: number }[])[0]!.hops).toBe(0);
    expect(issues(() => compileGraph(spec(0), { memory }))).toEqual(["nodes[0].options.k"]);
    expect(issues(() => compileGraph(spec(2), {}))).toEqual(["nodes[0]", "nodes[1]"]);
  });

  it("a retrieve node takes a retrieval pipeline as JSON data; a bad one is rejected at compile time, at its path", async () => {
    await memory.addNotes([{ text: "The Lisbon half marathon is in March" }, { text: "Porto has a marathon in November" }], { ns: "u" });
    const spec = (pipeline: unknown) => ({
      name: "p", state: { query: { type: "string" }, memories: { type: "array" }, context: { type: "string" } },
      nodes: [{ id: "find", type: "memory", op: "retrieve", options: { from: "query", ns: "u", k: 5, pipeline, contextTo: "context" } }],
      edges: [{ from: "START", to: "find" }, { from: "find", to: "END" }],
    });
    const custom = [
      { op: "bm25", k: 20 },
      { op: "ppr", damping: 0.5, edgeWeights: { relates: 1, mentions: 1 } },
      { op: "fuse", name: "fused", method: "rrf", weights: { bm25: 1, ppr: 0.5 } },
      { op: "filter", kinds: ["note"], k: 10 },
      { op: "pack", tokens: 100, order: "score" },
    ];
    const out = await compileGraph(parseGraphSpec(JSON.stringify(spec(custom))), { memory }).invoke({ query: "Lisbon marathon" });
    const hits = out.memories as { text: string; channels: string[] }[];
    expect(hits[0]!.text).toContain("Lisbon");
    expect(hits[0]!.channels).toEqual(expect.arrayContaining(["bm25"])); // fuse merges its inputs' evidence
    expect(out.context).toContain("Lisbon half marathon");
    expect(issues(() => compileGraph(spec([...custom.slice(0, 2), { ...custom[2], weights: { vectors: 1 } }, ...custom.slice(3)]), { memory })))
      .toEqual(["nodes[0].options.pipeline.steps[2].weights.vectors"]);
    expect(issues(() => compileGraph(spec([{ op: "bm25" }, { op: "teleport" }]), { memory }))).toEqual(["nodes[0].options.pipeline.steps[1].op"]);
    // Checked without a memory too: validateGraph needs none for a pipeline.
    expect(issues(() => compileGraph(spec([{ op: "pack" }]), {}))).toEqual(["nodes[0].options.pipeline.steps[0]"]);
    // contextTo needs a pack step: only the node knows that, when compiled with a memory.
    expect(issues(() => compileGraph(spec([{ op: "bm25" }]), { memory }))).toEqual(["nodes[0].options.contextTo"]);
  });

  it("reports a registry subgraph that contains itself at the ref that closes the cycle, instead of recursing", () => {
    const loop = (name: string, ref: string) =>
      graph(name).channel("x", { type: "string" }).subgraph("inner", ref).edge("START", "inner", "END").toJSON();
    const graphs = { a: loop("a", "b"), b: loop("b", "a") };
    expect(issues(() => compileGraph(loop("root", "a"), { graphs }))).toEqual(["nodes[0].spec.nodes[0].spec.nodes[0].ref"]);
  });

  it("names missing registry entries at their paths, all at once", () => {
    const spec = graph("g").channel("messages", { type: "messages" })
      .llm("agent", { model: "gpt", tools: ["search"] }).fn("f", "missing").edge("START", "agent", "f", "END").toJSON();
    expect(issues(() => compileGraph(spec, {}))).toEqual(["nodes[0].model", "nodes[0].tools[0]", "nodes[1].fn"]);
  });
});
