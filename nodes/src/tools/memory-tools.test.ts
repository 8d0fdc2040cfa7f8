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

  it("the model's bad arguments are rejected by the tool schema before memory is touched", async () => {
    const [remember] = memoryTools({ memory });
    await expect(remember!.invoke({ text: "" })).rejects.toThrow();
    expect((await memory.stats()).nodes).toEqual({});
  });
});
