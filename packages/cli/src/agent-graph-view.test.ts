import { describe, expect, it } from "vitest";
import { loadGraphSpec, parseGraphSpec } from "@hippograph/graphs";
import { agentGraphView } from "./agent-graph-view.js";

describe("agentGraphView", () => {
  it("turns the research agent's spec into nodes with summaries and edges with router conditions", async () => {
    const view = agentGraphView(await loadGraphSpec("examples/research-agent/research-agent.yaml"));
    expect(view.name).toBe("research-agent");
    expect(view.nodes.map((n) => [n.id, n.type])).toEqual([["START", "start"], ["researcher", "llm"], ["route", "router"], ["tools", "tool"], ["END", "end"]]);
    expect(view.nodes.find((n) => n.id === "researcher")!.detail).toBe("model researcher, tools search_corpus, record_finding, recall");
    expect(view.edges).toEqual([
      { from: "START", to: "researcher", when: null },
      { from: "researcher", to: "route", when: null },
      { from: "tools", to: "researcher", when: null },
      { from: "route", to: "tools", when: "messages has_tool_calls" },
      { from: "route", to: "END", when: "default" },
    ]);
  });

  it("summarises memory, interrupt and function nodes", () => {
    const spec = parseGraphSpec(`
name: summaries
state: { messages: { type: messages }, answer: { type: string }, memories: { type: array } }
nodes:
  - { id: recall, type: memory, op: retrieve, options: { k: 3 } }
  - { id: ask, type: interrupt, prompt: "ok?", output: answer }
  - { id: tidy, type: function, fn: tidy, description: cleans up }
edges:
  - { from: START, to: recall }
  - { from: recall, to: ask }
  - { from: ask, to: tidy }
  - { from: tidy, to: END }
`);
    expect(agentGraphView(spec).nodes.slice(1, -1).map((n) => n.detail)).toEqual([
      'memory.retrieve {"k":3}', "asks a human, answer into answer", "function tidy — cleans up",
    ]);
  });
});
