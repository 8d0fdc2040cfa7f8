import { describe, expect, it } from "vitest";
import type { WireAgentGraph } from "../wire/wire.js";
import { AGENT_TYPE_COLORS, agentGraph, stepFocus } from "./agent-graph.js";

/** A ReAct loop: START → agent → route ⇒ tools → agent, route ⇒ END by default. */
const react: WireAgentGraph = {
  name: "react", description: null,
  nodes: [
    { id: "START", type: "start", detail: "entry" },
    { id: "agent", type: "llm", detail: "model m" },
    { id: "route", type: "router", detail: "1 route, default END" },
    { id: "tools", type: "tool", detail: "runs search" },
    { id: "END", type: "end", detail: "exit" },
  ],
  edges: [
    { from: "START", to: "agent", when: null },
    { from: "agent", to: "route", when: null },
    { from: "tools", to: "agent", when: null },
    { from: "route", to: "tools", when: "messages has_tool_calls" },
    { from: "route", to: "END", when: "default" },
  ],
};

describe("agentGraph", () => {
  it("places each node in the column of its distance from START, END after the rest", () => {
    const g = agentGraph(react);
    const column = (id: string) => g.getNodeAttribute(id, "x") / 100;
    expect(["START", "agent", "route", "tools", "END"].map(column)).toEqual([0, 1, 2, 3, 4]);
    // Alone in their columns, odd columns lowered: route → END skips tools' column without running through it.
    expect(["START", "agent", "route", "tools", "END"].map((id) => g.getNodeAttribute(id, "y"))).toEqual([0, 45, 0, 45, 0]);
  });

  it("labels a router's branches with their condition and colours nodes by type", () => {
    const g = agentGraph(react);
    const labels = g.edges().map((e) => [g.source(e), g.target(e), g.getEdgeAttribute(e, "label") ?? null]);
    expect(labels).toContainEqual(["route", "tools", "messages has_tool_calls"]);
    expect(labels).toContainEqual(["route", "END", "default"]);
    expect(labels).toContainEqual(["tools", "agent", null]);
    expect(g.getNodeAttribute("route", "color")).toBe(AGENT_TYPE_COLORS["router"]);
    expect(g.nodes().every((n) => g.getNodeAttribute(n, "forceLabel"))).toBe(true);
  });

  it("spreads the nodes that share a column around its centre", () => {
    const fork: WireAgentGraph = {
      name: "fork", description: null,
      nodes: [{ id: "START", type: "start", detail: "" }, { id: "a", type: "function", detail: "" }, { id: "b", type: "function", detail: "" }, { id: "END", type: "end", detail: "" }],
      edges: [{ from: "START", to: "a", when: null }, { from: "START", to: "b", when: null }, { from: "a", to: "END", when: null }, { from: "b", to: "END", when: null }],
    };
    const g = agentGraph(fork);
    expect([g.getNodeAttribute("a", "y"), g.getNodeAttribute("b", "y")]).toEqual([-30 + 45, 30 + 45]);
    expect(g.getNodeAttribute("END", "x")).toBe(200);
  });
});

describe("stepFocus", () => {
  const run = { graph: "react", label: "run.json", steps: [{ node: "agent", update: {} }, { node: "route", update: {} }, { node: "tools", update: {} }, { node: "__interrupt__", update: {} }] };

  it("lights the node that ran, where control came from, and the edges between them", () => {
    const g = agentGraph(react);
    const key = (from: string, to: string) => g.edges(from, to);
    expect(stepFocus(g, run, 0)).toEqual({ nodes: ["START", "agent"], edges: key("START", "agent") });
    expect(stepFocus(g, run, 2)).toEqual({ nodes: ["route", "tools"], edges: key("route", "tools") });
    expect(g.getEdgeAttribute(stepFocus(g, run, 2).edges[0]!, "label")).toBe("messages has_tool_calls");
  });

  it("lights nothing for a step whose node is not drawn", () => {
    expect(stepFocus(agentGraph(react), run, 3)).toEqual({ nodes: [], edges: [] });
  });
});
