import { describe, expect, it } from "vitest";
import { HippographError, type ValidationError } from "@hippograph/memory";
import { validateGraph } from "../validate/validate-graph.js";

/** A valid ReAct-style spec; each case below breaks one thing in a copy of it. */
function valid() {
  return {
    name: "react",
    state: { messages: { type: "messages" } },
    nodes: [
      { id: "agent", type: "llm", model: "default", tools: ["recall"] },
      { id: "route", type: "router", routes: [{ when: { channel: "messages", op: "has_tool_calls" }, to: "tools" }], default: "END" },
      { id: "tools", type: "tool", tools: ["recall"] },
    ],
    edges: [{ from: "START", to: "agent" }, { from: "agent", to: "route" }, { from: "tools", to: "agent" }],
  } as { name: string; state: Record<string, unknown>; nodes: Record<string, unknown>[]; edges: { from: string; to: string }[] };
}

function issuesOf(spec: unknown): { path: string; message: string }[] {
  try {
    validateGraph(spec);
  } catch (error) {
    expect(HippographError.isInstance(error) && error.code === "VALIDATION").toBe(true);
    return [...(error as ValidationError).issues];
  }
  throw new Error("spec was accepted");
}

describe("invalid specs name the JSON path of the problem", () => {
  it("accepts the valid base spec", () => {
    expect(validateGraph(valid()).nodes).toHaveLength(3);
  });

  it("unknown node type → nodes[i].type", () => {
    const spec = valid();
    spec.nodes[2] = { id: "tools", type: "teleport" };
    expect(issuesOf(spec).map((i) => i.path)).toContain("nodes[2].type");
  });

  it("edge to a missing node → edges[j].to", () => {
    const spec = valid();
    spec.edges[2] = { from: "tools", to: "nowhere" };
    expect(issuesOf(spec)).toContainEqual(expect.objectContaining({ path: "edges[2].to", message: expect.stringContaining("nowhere") }));
  });

  it("edge from a missing node → edges[j].from", () => {
    const spec = valid();
    spec.edges.push({ from: "ghost", to: "agent" });
    expect(issuesOf(spec).map((i) => i.path)).toContain("edges[3].from");
  });

  it("node unreachable from START → nodes[i]", () => {
    const spec = valid();
    spec.nodes.push({ id: "orphan", type: "function", fn: "noop" });
    spec.edges.push({ from: "orphan", to: "END" });
    expect(issuesOf(spec)).toContainEqual(expect.objectContaining({ path: "nodes[3]", message: expect.stringContaining("unreachable from START") }));
  });

  it("no path to END → nodes[i]", () => {
    const spec = valid();
    spec.nodes.push({ id: "sink", type: "function", fn: "noop" });
    (spec.nodes[1] as { routes: unknown[] }).routes.push({ when: { channel: "messages", op: "empty" }, to: "sink" });
    expect(issuesOf(spec)).toContainEqual(expect.objectContaining({ path: "nodes[3]", message: expect.stringContaining("to END") }));
  });

  it("router branch naming a missing node → nodes[i].routes[k].to and nodes[i].default", () => {
    const spec = valid();
    spec.nodes[1] = { id: "route", type: "router", routes: [{ when: { channel: "messages", op: "has_tool_calls" }, to: "toolz" }], default: "finish" };
    const paths = issuesOf(spec).map((i) => i.path);
    expect(paths).toContain("nodes[1].routes[0].to");
    expect(paths).toContain("nodes[1].default");
  });

  it("cycle with no exit condition → nodes[i] of the cycle", () => {
    const spec = valid();
    spec.nodes.push({ id: "a", type: "function", fn: "f" }, { id: "b", type: "function", fn: "g" });
    (spec.nodes[1] as { routes: unknown[] }).routes.push({ when: { channel: "messages", op: "empty" }, to: "a" });
    spec.edges.push({ from: "a", to: "b" }, { from: "b", to: "a" });
    const issue = issuesOf(spec).find((i) => i.message.includes("no exit condition"));
    expect(issue?.path).toBe("nodes[3]");
    expect(issue?.message).toContain("a → b → a");
  });

  it("a loop of plain edges inside a larger cycle a router can leave → nodes[i] of the loop", () => {
    const spec = valid();
    // agent → tools → agent is plain, and sits inside agent → route → tools → agent, which the router can leave.
    spec.edges.push({ from: "agent", to: "tools" });
    const issue = issuesOf(spec).find((i) => i.message.includes("plain edges only"));
    expect(issue?.path).toBe("nodes[0]");
    expect(issue?.message).toContain("agent → tools → agent");
  });

  it("names LangGraph would mistake → the id or channel: a node named like a channel, Object.prototype's names", () => {
    const clash = valid();
    clash.state.agent = { type: "string" };
    expect(issuesOf(clash).map((i) => i.path)).toContain("nodes[0].id");
    const proto = valid();
    proto.nodes.push({ id: "constructor", type: "function", fn: "f" });
    expect(issuesOf(proto).map((i) => i.path)).toContain("nodes[3].id");
    const channel = valid();
    Object.assign(channel.state, { toString: { type: "string" } });
    expect(issuesOf(channel).some((i) => i.path.startsWith("state.toString"))).toBe(true);
  });

  it("a model or tool node reading a channel of the wrong type → nodes[i].input / nodes[i].messages", () => {
    const spec = valid();
    spec.state.question = { type: "object" };
    spec.nodes[0] = { ...spec.nodes[0], input: "question" };
    expect(issuesOf(spec).map((i) => i.path)).toContain("nodes[0].input");
    const tools = valid();
    tools.state.text = { type: "string" };
    tools.nodes[2] = { ...tools.nodes[2], messages: "text" };
    expect(issuesOf(tools).map((i) => i.path)).toContain("nodes[2].messages");
  });

  it("a condition's operand that cannot work → …when.value", () => {
    for (const when of [{ op: "lt" }, { op: "gt", value: "three" }, { op: "in", value: 1 }, { op: "eq" }, { op: "exists", value: 1 }]) {
      const spec = valid();
      (spec.nodes[1] as { routes: { when: Record<string, unknown> }[] }).routes[0]!.when = { channel: "messages", ...when };
      expect(issuesOf(spec).map((i) => i.path), JSON.stringify(when)).toContain("nodes[1].routes[0].when.value");
    }
  });

  it("a loop through a router that can leave it is accepted", () => {
    expect(() => validateGraph(valid())).not.toThrow();
  });

  it("duplicate id → nodes[i].id", () => {
    const spec = valid();
    spec.nodes.push({ id: "agent", type: "llm", model: "default" });
    expect(issuesOf(spec)).toContainEqual(expect.objectContaining({ path: "nodes[3].id", message: expect.stringContaining("duplicate") }));
  });

  it("undeclared channel → the field naming it", () => {
    const spec = valid();
    spec.nodes[0] = { id: "agent", type: "llm", model: "default", output: "answer" };
    expect(issuesOf(spec).map((i) => i.path)).toContain("nodes[0].output");
  });

  it("reducer that does not fit the channel type → state.<name>.reducer", () => {
    const spec = valid();
    spec.state.count = { type: "string", reducer: "sum" };
    expect(issuesOf(spec).map((i) => i.path)).toContain("state.count.reducer");
  });

  it("a default of another type than the channel's → state.<name>.default", () => {
    const spec = valid();
    spec.state.count = { type: "number", default: "3" };
    spec.state.tags = { type: "array", default: { a: 1 } };
    spec.state.note = { type: "string", default: null };
    const issues = issuesOf(spec);
    expect(issues).toEqual(expect.arrayContaining([
      { path: "state.count.default", message: "a number channel's default must be a number" },
      { path: "state.tags.default", message: "an array channel's default must be an array" },
    ]));
    expect(issues.map((i) => i.path)).not.toContain("state.note.default");
  });

  it("no entry edge → edges", () => {
    const spec = valid();
    spec.edges = spec.edges.filter((e) => e.from !== "START");
    expect(issuesOf(spec).map((i) => i.path)).toContain("edges");
  });

  it("problems inside an inline subgraph carry the full path", () => {
    const spec = valid();
    spec.nodes.push({ id: "sub", type: "subgraph", spec: { name: "inner", state: {}, nodes: [{ id: "x", type: "function", fn: "f" }], edges: [{ from: "START", to: "y" }] } });
    (spec.nodes[1] as { routes: unknown[] }).routes.push({ when: { channel: "messages", op: "empty" }, to: "sub" });
    spec.edges.push({ from: "sub", to: "END" });
    expect(issuesOf(spec).map((i) => i.path)).toContain("nodes[3].spec.edges[0].to");
  });

  it("a bad retrieval pipeline in a retrieve node's options → its path inside the pipeline", () => {
    const spec = valid();
    spec.state.memories = { type: "array" };
    spec.nodes.push({ id: "recall", type: "memory", op: "retrieve", options: { pipeline: [{ op: "bm25" }, { op: "fuse", from: ["vectors"] }, { op: "pack", tokens: 1 }] } });
    (spec.nodes[1] as { routes: unknown[] }).routes.push({ when: { channel: "messages", op: "empty" }, to: "recall" });
    spec.edges.push({ from: "recall", to: "END" });
    expect(issuesOf(spec).map((i) => i.path)).toEqual(["nodes[3].options.pipeline.steps[2].tokens"]);
    (spec.nodes[3]!.options as { pipeline: unknown[] }).pipeline[2] = { op: "pack" };
    expect(issuesOf(spec).map((i) => i.path)).toEqual(["nodes[3].options.pipeline.steps[1].from[0]"]);
  });

  it("a retrieve node's contextTo channel must be declared → nodes[i].options.contextTo", () => {
    const spec = valid();
    spec.state.memories = { type: "array" };
    spec.nodes.push({ id: "recall", type: "memory", op: "retrieve", options: { contextTo: "context" } });
    (spec.nodes[1] as { routes: unknown[] }).routes.push({ when: { channel: "messages", op: "empty" }, to: "recall" });
    spec.edges.push({ from: "recall", to: "END" });
    expect(issuesOf(spec).map((i) => i.path)).toEqual(["nodes[3].options.contextTo"]);
  });

  it("a wrong field type inside a node → its path", () => {
    const spec = valid();
    spec.nodes[1] = { id: "route", type: "router", routes: [{ when: { channel: "messages", op: "sometimes" }, to: "tools" }], default: "END" };
    expect(issuesOf(spec).map((i) => i.path)).toContain("nodes[1].routes[0].when.op");
  });
});
