import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMemory, type Memory } from "@hippograph/memory";
import { CollectingSink } from "../trace/trace-sink.js";
import { memoryTools } from "./memory-tools.js";

describe("memory tools", () => {
  let memory: Memory;
  beforeEach(async () => {
    memory = await createMemory();
  });
  afterEach(async () => memory.close());

  it("remember, recall, link and update_task work through LangChain's tool interface", async () => {
    const trace = new CollectingSink();
    const [remember, recall, link, updateTask] = memoryTools({ memory, trace });
    const config = { configurable: { memory_ns: "user-1" } };
    const a = JSON.parse(await remember!.invoke({ text: "Ana's cat is called Pixel", tags: ["pets"] }, config)) as { id: string };
    const b = JSON.parse(await remember!.invoke({ text: "Pixel is a grey cat" }, config)) as { id: string };
    const hits = JSON.parse(await recall!.invoke({ query: "what is the cat called", k: 2 }, config)) as { id: string }[];
    expect(hits.map((h) => h.id)).toContain(a.id);
    await link!.invoke({ from: a.id, to: b.id, relation: "relates" }, config);
    // Only the edge the tool wrote is counted (note structures may add their own links).
    expect((await memory.stats({ ns: "user-1" })).edges.relates).toBe(1);
    await updateTask!.invoke({ id: "vet", title: "Book a vet visit for Pixel", status: "todo" }, config);
    expect((await memory.get("vet", { ns: "user-1" }))!.kind).toBe("task");
    expect(trace.events.map((e) => e.data.tool)).toEqual(["remember", "remember", "recall", "link", "update_task"]);
  });

  it("records what the model wrote as the agent's (trust 0.7, erasable by one id), and a numeric memory_ns as its own namespace", async () => {
    const [remember, , link, updateTask] = memoryTools({ memory });
    const a = JSON.parse(await remember!.invoke({ text: "User 42 lives in Porto" }, { configurable: { memory_ns: 42 } })) as { id: string };
    const b = JSON.parse(await remember!.invoke({ text: "User 42 works at the port" }, { configurable: { memory_ns: 42 } })) as { id: string };
    await link!.invoke({ from: a.id, to: b.id }, { configurable: { memory_ns: 42 } });
    await updateTask!.invoke({ id: "move", title: "Help user 42 move", status: "todo" }, { configurable: { memory_ns: 42 } });
    expect(await memory.namespaces()).toEqual(["42"]); // not the default namespace, shared by every user
    expect((await memory.get(a.id, { ns: "42" }))!.source).toEqual({ id: "agent-tools", type: "agent", trust: 0.7 });
    const erased = await memory.eraseSource("agent-tools", { ns: "42" });
    expect(erased.nodeIds.sort()).toEqual([a.id, b.id, "move"].sort());
    await expect(remember!.invoke({ text: "x" }, { configurable: { memory_ns: { user: 1 } } })).rejects.toMatchObject({ code: "VALIDATION", issues: [expect.objectContaining({ path: "configurable.memory_ns" })] });
    await expect(remember!.invoke({ text: "x" }, { configurable: { memory_ns: "bad namespace!" } })).rejects.toMatchObject({ code: "VALIDATION", issues: [expect.objectContaining({ path: "configurable.memory_ns" })] });
  });

  it("update_task refuses an id that names another memory, and keeps what an update does not repeat", async () => {
    const [remember, , , updateTask] = memoryTools({ memory, ns: "u" });
    const note = JSON.parse(await remember!.invoke({ text: "Ana is allergic to penicillin" })) as { id: string };
    await expect(updateTask!.invoke({ id: note.id, title: "buy milk", status: "todo" })).rejects.toMatchObject({ code: "VALIDATION", issues: [expect.objectContaining({ path: "[0].id" })] });
    expect((await memory.get(note.id, { ns: "u" }))!.text).toBe("Ana is allergic to penicillin");
    await updateTask!.invoke({ id: "goal", title: "Ship", status: "doing" });
    await updateTask!.invoke({ id: "sub", title: "Build", status: "doing", parent: "goal", result: "half done" });
    await updateTask!.invoke({ id: "sub", title: "Build", status: "done" });
    expect((await memory.get("sub", { ns: "u" }))!.attrs).toEqual({ status: "done", parent: "goal", result: "half done" });
    await updateTask!.invoke({ id: "sub", title: "Build", status: "todo" }); // reopened: its result no longer holds
    expect((await memory.get("sub", { ns: "u" }))!.attrs).toEqual({ status: "todo", parent: "goal" });
    // A user's task the model updates stays the user's: erasing what the tools wrote does not delete it.
    await memory.write({ nodes: [{ id: "passport", kind: "task", text: "Renew passport", attrs: { status: "todo" }, source: { id: "user-42", type: "user" } }] }, { ns: "u" });
    await updateTask!.invoke({ id: "passport", title: "Renew passport", status: "doing" });
    expect((await memory.get("passport", { ns: "u" }))!.source.id).toBe("user-42");
    // …but the version the tools made is theirs: its history says so, and erasing the tools takes it back.
    const history = await memory.history("passport", { ns: "u" });
    expect(history.map((v) => [v.version, v.sourceId, v.snapshot.attrs.status])).toEqual([[1, "user-42", "todo"], [2, "agent-tools", "doing"]]);
    await memory.eraseSource("agent-tools", { ns: "u" });
    expect((await memory.get("passport", { ns: "u" }))!.attrs.status).toBe("todo");
  });

  it("the model's bad arguments are rejected by the tool schema before memory is touched", async () => {
    const [remember] = memoryTools({ memory });
    await expect(remember!.invoke({ text: "" })).rejects.toThrow();
    expect((await memory.stats()).nodes).toEqual({});
  });
});
