import { afterAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runTraceSchema } from "../run-trace.js";
import { runCli, workspace } from "../testing/harness.js";

const SPEC = `
name: cli-chat
state:
  messages: { type: messages }
  memories: { type: array }
  written: { type: array, reducer: append }
nodes:
  - { id: recall, type: memory, op: retrieve }
  - { id: agent, type: llm, model: chat, system: "Memories: {memories}" }
  - { id: observe, type: memory, op: observe }
edges:
  - { from: START, to: recall }
  - { from: recall, to: agent }
  - { from: agent, to: observe }
  - { from: observe, to: END }
`;

describe("hippograph run", () => {
  const ws = workspace();
  afterAll(() => ws.cleanup());

  it("runs a spec on --input with a scripted model and prints the final state", async () => {
    const spec = ws.file("chat.yaml", SPEC);
    const { db } = ws;
    const input = JSON.stringify({ messages: [{ role: "user", content: "my cat is Pixel" }] });
    const { code, stdout, stderr } = await runCli(["--db", db, "--ns", "u1", "run", spec, "--input", input, "--scripted", '["Noted: Pixel."]']);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const state = JSON.parse(stdout) as { messages: { type: string; content: string }[]; written: string[] };
    expect(state.messages.map((m) => [m.type, m.content])).toEqual([["human", "my cat is Pixel"], ["ai", "Noted: Pixel."]]);
    expect(state.written).toHaveLength(2);
    const stats = await runCli(["--db", db, "--ns", "u1", "--json", "stats"]);
    expect(JSON.parse(stats.stdout).nodes).toEqual({ episode: 2 });
  });

  it("--trace writes the run step by step, ending in the state it prints", async () => {
    const spec = ws.file("traced.yaml", SPEC);
    const trace = `${ws.dir}/run.json`;
    const input = JSON.stringify({ messages: [{ role: "user", content: "my cat is Pixel" }] });
    const { code, stdout } = await runCli(["--db", ":memory:", "run", spec, "--input", input, "--scripted", '["Noted: Pixel."]', "--trace", trace]);
    expect(code).toBe(0);
    const written = runTraceSchema.parse(JSON.parse(readFileSync(trace, "utf8")));
    expect(written.graph).toBe("cli-chat");
    expect(written.steps.map((s) => s.node)).toEqual(["recall", "agent", "observe"]);
    expect(written.steps[1]!.update).toEqual({ messages: [{ type: "ai", content: "Noted: Pixel." }] });
    expect(written.final).toEqual(JSON.parse(stdout));
    const nowhere = await runCli(["--db", ":memory:", "run", spec, "--input", input, "--scripted", '["x"]', "--trace", `${ws.dir}/no/such/dir/run.json`]);
    expect(nowhere.code).toBe(5);
  });

  it("an invalid spec exits 3 and names the JSON path", async () => {
    const spec = ws.file("bad.yaml", SPEC.replace("to: observe }", "to: nowhere }"));
    const { code, stderr } = await runCli(["--db", ":memory:", "run", spec, "--scripted", "[]"]);
    expect(code).toBe(3);
    expect(stderr).toContain("edges[2].to");
  });

  it("bad --input JSON exits 3 naming the option", async () => {
    const spec = ws.file("chat3.yaml", SPEC);
    const { code, stderr } = await runCli(["--db", ":memory:", "run", spec, "--input", "{nope", "--scripted", "[]"]);
    expect(code).toBe(3);
    expect(stderr).toContain("--input");
  });

  it("an --input value of the wrong type for its channel exits 3 naming it, before anything runs", async () => {
    const spec = ws.file("chat4.yaml", SPEC);
    const { code, stderr } = await runCli(["--db", ":memory:", "run", spec, "--input", '{"memories":"not a list","mesages":[]}', "--scripted", "[]"]);
    expect(code).toBe(3);
    expect(stderr).toContain('--input.memories: expects an array (or null); got a string: "not a list"');
    expect(stderr).toContain("--input.mesages: not a channel");
  });

  it("llm nodes without OPENAI_BASE_URL or --scripted are refused before running", async () => {
    const spec = ws.file("chat2.yaml", SPEC);
    const { code, stderr } = await runCli(["--db", ":memory:", "run", spec], {});
    expect(code).toBe(5);
    expect(stderr).toContain("OPENAI_BASE_URL");
  });
  it("runs llm nodes inside an inline subgraph with the same model", async () => {
    const spec = ws.file("sub.yaml", `
name: sub-llm
state:
  messages: { type: messages }
nodes:
  - id: inner
    type: subgraph
    spec:
      name: inner
      state: { messages: { type: messages } }
      nodes: [{ id: agent, type: llm, model: chat }]
      edges: [{ from: START, to: agent }, { from: agent, to: END }]
edges:
  - { from: START, to: inner }
  - { from: inner, to: END }
`);
    const input = JSON.stringify({ messages: [{ role: "user", content: "hi" }] });
    const { code, stdout } = await runCli(["--db", ":memory:", "run", spec, "--input", input, "--scripted", '["hello from inside"]']);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { messages: { content: string }[] }).messages.at(-1)!.content).toBe("hello from inside");
  });

  it("refuses, naming the field, what it cannot run as asked: an interrupt, an input key that is no channel, a script typo", async () => {
    const approval = ws.file("approval.yaml", `
name: approval
state:
  draft: { type: string }
  approved: { type: string }
nodes:
  - { id: ask, type: interrupt, prompt: "Publish this draft?", show: [draft], output: approved }
edges:
  - { from: START, to: ask }
  - { from: ask, to: END }
`);
    const paused = await runCli(["--json", "--db", ":memory:", "run", approval, "--input", '{"draft":"Hello"}']);
    expect(paused.code).toBe(3);
    expect(JSON.parse(paused.stderr).error.issues[0].path).toBe("nodes[0].type");
    const chat = ws.file("typo.yaml", SPEC);
    const typo = await runCli(["--json", "--db", ":memory:", "run", chat, "--input", '{"mesages":[{"role":"user","content":"hi"}]}', "--scripted", '["ok"]']);
    expect(typo.code).toBe(3);
    expect(JSON.parse(typo.stderr).error.issues[0].path).toBe("--input.mesages");
    const script = await runCli(["--json", "--db", ":memory:", "run", chat, "--scripted", '[{"text":"hello"}]']);
    expect(script.code).toBe(3);
    expect(JSON.parse(script.stderr).error.issues[0].path).toMatch(/^--scripted\[0\]/);
  });

  it("exits 7, a model failure, when the model endpoint cannot be reached", async () => {
    const chat = ws.file("down.yaml", SPEC);
    const input = JSON.stringify({ messages: [{ role: "user", content: "hi" }] });
    const { code, stderr } = await runCli(["--db", ":memory:", "run", chat, "--input", input], { OPENAI_BASE_URL: "http://127.0.0.1:9/v1", OPENAI_MAX_RETRIES: "0" });
    expect(code).toBe(7);
    expect(stderr).toContain("cannot reach");
  });
  it("keeps the steps of a run that fails in --trace, with its error", async () => {
    const spec = ws.file("loop.yaml", `
name: looping
recursionLimit: 4
state:
  messages: { type: messages }
nodes:
  - { id: agent, type: llm, model: chat, tools: [recall] }
  - { id: route, type: router, routes: [{ when: { channel: messages, op: has_tool_calls }, to: tools }], default: END }
  - { id: tools, type: tool, tools: [recall] }
edges:
  - { from: START, to: agent }
  - { from: agent, to: route }
  - { from: tools, to: agent }
`);
    const call = { toolCalls: [{ name: "recall", args: { query: "anything" } }] };
    const trace = join(ws.dir, "failed-run.json");
    const input = JSON.stringify({ messages: [{ role: "user", content: "loop" }] });
    const { code } = await runCli(["--db", ":memory:", "run", spec, "--input", input, "--scripted", JSON.stringify([call, call, call, call, call]), "--trace", trace]);
    expect(code).not.toBe(0);
    const written = runTraceSchema.parse(JSON.parse(readFileSync(trace, "utf8")));
    expect(written.error).toMatch(/Recursion limit/);
    expect(written.final).toBeUndefined();
    expect(written.steps.map((s) => s.node).slice(0, 3)).toEqual(["agent", "route", "tools"]);
  });
});
