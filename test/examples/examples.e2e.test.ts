import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMemory, type Memory } from "@hippograph/memory";
import { ScriptedChatModel } from "@hippograph/graphs";
import { CollectingSink, type PlanTask } from "@hippograph/nodes";
import type { BaseMessage } from "@langchain/core/messages";
import { NS as CHAT_NS, runMemoryChat, script as chatScript } from "../../examples/memory-chat/run-memory-chat.js";
import { NS as TASK_NS, plannerScript, runTaskAgent, workerScript } from "../../examples/task-agent/run-task-agent.js";
import { NS as RESEARCH_NS, runResearchAgent, script as researchScript } from "../../examples/research-agent/run-research-agent.js";
import { afterScript, beforeScript, pluginDiff, runAfter, runBefore } from "../../examples/langgraph-plugin/run-plugin.js";

const last = (state: Record<string, unknown>) => String((state.messages as BaseMessage[]).at(-1)?.content);

/** Every example graph, run offline with a scripted model; asserts the final state and what memory holds. */
describe("examples end to end (scripted models)", () => {
  let memory: Memory;
  beforeEach(async () => {
    memory = await createMemory();
  });
  afterEach(async () => memory.close());

  it("memory-chat: the second session answers from the first session's episode", async () => {
    const model = new ScriptedChatModel(chatScript);
    const trace = new CollectingSink();
    const { first, second } = await runMemoryChat(model, memory, trace);
    expect(last(first)).toContain("Pixel");
    expect(last(second)).toBe("Your cat is called Pixel.");
    expect(second.memories).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "episode", text: expect.stringContaining("her name is Pixel") })]));
    expect(model.remaining).toBe(0);
    const stats = await memory.stats({ ns: CHAT_NS });
    expect(stats.nodes).toEqual({ episode: 4 });
    expect(stats.edges).toEqual({ next: 2 }); // each session's user turn → reply
    expect(trace.events.map((e) => e.name)).toEqual(["memory-retrieve", "memory-write", "memory-retrieve", "memory-write"]);
    expect(new Set(trace.events.map((e) => e.runId))).toEqual(new Set(["session-1", "session-2"]));
    expect(trace.events[1]!.stepId).toBe("3:observe");
  });

  it("task-agent: every step done in state and in the task tree", async () => {
    const state = await runTaskAgent(new ScriptedChatModel(plannerScript), new ScriptedChatModel(workerScript), memory);
    const plan = state.plan as PlanTask[];
    expect(plan.map((t) => [t.id, t.status])).toEqual([["goal", "done"], ["outline", "done"], ["draft", "done"], ["proofread", "done"]]);
    expect(state.remaining).toBe(0);
    const tasks = await memory.stores.graph.findNodes({ ns: TASK_NS, kinds: ["task"], limit: 10 });
    expect(tasks.map((t) => [t.id, t.attrs.status])).toEqual([["draft", "done"], ["goal", "done"], ["outline", "done"], ["proofread", "done"]]);
    expect(tasks.find((t) => t.id === "draft")!.attrs.result).toContain("Pixel arrived");
    const edges = await memory.stores.graph.findEdges({ ns: TASK_NS, limit: 20 });
    expect(edges.map((e) => `${e.from} ${e.kind} ${e.to}`).sort()).toEqual([
      "draft depends_on outline", "goal child draft", "goal child outline", "goal child proofread", "proofread depends_on draft",
    ]);
  });

  it("research-agent: findings stored as hyperedges with member edges to entities", async () => {
    const state = await runResearchAgent(new ScriptedChatModel(researchScript), memory);
    expect(last(state)).toContain("first run in 1991");
    const stats = await memory.stats({ ns: RESEARCH_NS });
    expect(stats.nodes).toEqual({ hyperedge: 2, entity: 3 });
    expect(stats.edges).toEqual({ member: 4 });
    const race = await memory.stores.graph.neighbors({ ns: RESEARCH_NS, ids: ["entity:lisbon-half-marathon"], direction: "in", edgeKinds: ["member"] });
    expect(race).toHaveLength(2);
    const [hit] = await memory.search("when was the Lisbon half marathon first run", { ns: RESEARCH_NS, kinds: ["hyperedge"], k: 1 });
    expect(hit!.node.text).toContain("1991");
  });

  it("langgraph-plugin: the same app, at most 10 changed lines, now with long-term memory", async () => {
    const diff = await pluginDiff();
    expect(diff.added + diff.removed).toBeLessThanOrEqual(10);
    expect(last(await runBefore(new ScriptedChatModel(beforeScript)))).toContain("sunny");
    const { first, second } = await runAfter(new ScriptedChatModel(afterScript), memory);
    expect(last(first)).toContain("sunny");
    expect(last(second)).toBe("You live in Lisbon.");
    const notes = await memory.stores.graph.findNodes({ ns: "default", kinds: ["note"], limit: 10 });
    expect(notes.map((n) => n.text)).toEqual(["The user lives in Lisbon and asks about the weather there"]);
  });
});
