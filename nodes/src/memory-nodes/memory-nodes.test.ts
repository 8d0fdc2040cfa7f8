import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMemory, type Memory, type ValidationError } from "@hippograph/memory";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { END, START, StateGraph } from "@langchain/langgraph";
import { CollectingSink } from "../trace/trace-sink.js";
import { MemoryAnnotation } from "./memory-state.js";
import { observeNode } from "./observe-node.js";
import { retrieveNode } from "./retrieve-node.js";
import { spreadNode } from "./spread-node.js";
import { updateTasksNode } from "./update-tasks-node.js";
import { writeNotesNode } from "./write-notes-node.js";

describe("memory nodes", () => {
  let memory: Memory;
  let trace: CollectingSink;
  beforeEach(async () => {
    memory = await createMemory();
    trace = new CollectingSink();
  });
  afterEach(async () => memory.close());

  it("observe → write notes → retrieve → spread in one LangGraph graph, each emitting a traced event", async () => {
    const app = new StateGraph(MemoryAnnotation)
      .addNode("observe", observeNode({ memory, trace, ns: "u" }))
      .addNode("write", writeNotesNode({ memory, trace, ns: "u", tags: ["agent"] }))
      .addNode("recall", retrieveNode({ memory, trace, ns: "u", k: 3 }))
      .addNode("spread", spreadNode({ memory, trace, ns: "u", hops: 1 }))
      .addEdge(START, "observe").addEdge("observe", "write").addEdge("write", "recall").addEdge("recall", "spread").addEdge("spread", END)
      .compile();
    const out = await app.invoke(
      { messages: [new HumanMessage({ content: "I adopted a grey cat called Pixel", id: "m1" }), new AIMessage({ content: "Lovely!", id: "m2" })], notes: ["Pixel is grey"] },
      { configurable: { thread_id: "t1", run_id: "run-7" } },
    );
    expect(out.written).toHaveLength(3);
    expect(out.written.slice(0, 2)).toEqual(["m1", "m2"]);
    expect((await memory.get("m1", { ns: "u" }))!.attrs).toEqual({ speaker: "human", thread: "t1" });
    // The query is the last human message; its own episode is the best hit.
    expect(out.memories[0]!.id).toBe("m1");
    // Spreading from the hits follows the thread's `next` edge (m1 → m2), at decayed activation.
    expect(out.activated.find((a) => a.id === "m2")!.activation).toBeGreaterThan(0);
    expect(out.activated.find((a) => a.id === "m2")!.explanation).toEqual({ seed: "m1", path: [{ id: "m2", via: "next" }] });
    expect(trace.events.map((e) => [e.name, e.stepId, e.runId])).toEqual([
      ["memory-write", "1:observe", "run-7"], ["memory-write", "2:write", "run-7"], ["memory-retrieve", "3:recall", "run-7"], ["memory-spread", "4:spread", "run-7"],
    ]);
    const note = await memory.get(out.written[2]!, { ns: "u" });
    expect(note!.attrs.tags).toEqual(["agent"]);
  });

  it("observing the same messages twice stores them once", async () => {
    const observe = observeNode({ memory, ns: "u" });
    const state = { messages: [new HumanMessage({ content: "hello", id: "h1" })] };
    await observe(state);
    await observe(state);
    expect((await memory.stats({ ns: "u" })).nodes).toEqual({ episode: 1 });
  });

  it("update tasks writes the plan as task nodes with child and depends_on edges, and re-writes idempotently", async () => {
    const update = updateTasksNode({ memory, trace, ns: "p" });
    const plan = [
      { id: "goal", title: "Ship it" },
      { id: "build", title: "Build", parent: "goal" },
      { id: "test", title: "Test", parent: "goal", dependsOn: ["build"] },
    ];
    await update({ plan });
    await update({ plan: plan.map((t) => ({ ...t, status: "done" })) });
    const stats = await memory.stats({ ns: "p" });
    expect(stats).toMatchObject({ nodes: { task: 3 }, edges: { child: 2, depends_on: 1 } });
    expect((await memory.get("test", { ns: "p" }))!.attrs.status).toBe("done");
    expect(trace.events.at(-1)).toMatchObject({ name: "task-update", data: { done: 3, total: 3 } });
  });

  it("write notes stores a note once however often the node runs over the same checkpointed channel", async () => {
    const write = writeNotesNode({ memory, trace, ns: "n" });
    const state = { notes: ["Ana prefers tea", { text: "Ana prefers tea" }, "Bo prefers coffee"] };
    const first = await write(state);
    const again = await write(state); // the next turn: the channel still holds them
    expect(again.written).toEqual(first.written);
    expect((await memory.stats({ ns: "n" })).nodes.note).toBe(2);
    expect((await memory.get(first.written[0], { ns: "n" }))!.source).toMatchObject({ id: "agent", type: "agent" });
    expect(trace.events.at(-1)).toMatchObject({ data: { written: 0 } });
    await expect(write({ notes: [{ title: "no text" }] })).rejects.toMatchObject({ code: "VALIDATION", issues: [expect.objectContaining({ path: "notes[0].text" })] });
  });

  it("a bad plan in state is a ValidationError naming the state path", async () => {
    const update = updateTasksNode({ memory, ns: "p" });
    await expect(update({ plan: [{ id: "a", title: "" }] })).rejects.toMatchObject({ code: "VALIDATION", issues: [expect.objectContaining({ path: "plan[0].title" })] });
  });

  it("node options are validated when the node is made, naming the option", () => {
    const paths = (make: () => unknown) => {
      try {
        make();
      } catch (e) {
        return (e as ValidationError).issues.map((i) => i.path);
      }
      return [];
    };
    expect(paths(() => retrieveNode({ memory, k: 0 }))).toEqual(["options.k"]);
    expect(paths(() => spreadNode({ memory, decay: 2, to: "not a channel" }))).toEqual(["options.to", "options.decay"]);
    expect(paths(() => observeNode({ memory, ns: "bad ns!" }))).toEqual(["options.ns"]);
    expect(() => retrieveNode({} as never)).toThrow(/options.memory/);
  });
});
