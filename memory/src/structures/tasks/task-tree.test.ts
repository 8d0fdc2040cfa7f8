import { afterEach, describe, expect, it, vi } from "vitest";
import { ConflictError, NotFoundError, ValidationError } from "../../errors.js";
import { openTestStructureContext, type TestStructureContext } from "../test-structure-context.js";
import { estimateTokens } from "./render-context.js";
import { taskTree } from "./task-tree.js";

const open: TestStructureContext[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

async function setup() {
  const t = await openTestStructureContext();
  open.push(t);
  return { ...t, tasks: taskTree(t.ctx) };
}

async function rejects(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe("task tree: add", () => {
  it("adds pending tasks with child edges parent → child and depends_on edges task → prerequisite", async () => {
    const { tasks, store, ctx, events } = await setup();
    const root = await tasks.add({ id: "trip", goal: "Plan a trip to Lisbon" });
    const dates = await tasks.add({ goal: "Choose dates", parent: root.id });
    const hotel = await tasks.add({ goal: "Book a hotel", parent: root.id, dependsOn: [dates.id], input: { budget: 120 } });
    expect(hotel).toMatchObject({ goal: "Book a hotel", status: "pending", input: { budget: 120 }, version: 1 });
    expect(hotel.node.kind).toBe("task");
    expect(hotel.node.text).toBe("Book a hotel");
    expect(await tasks.relations(hotel.id)).toEqual({ parent: "trip", children: [], dependsOn: [dates.id], dependents: [] });
    expect(await tasks.relations("trip")).toEqual({ parent: null, children: [dates.id, hotel.id].sort(), dependsOn: [], dependents: [] });
    expect((await store.stats({ ns: ctx.ns })).edges).toEqual({ child: 2, depends_on: 1 });
    expect(events("task-add").map((e) => e.data["id"])).toEqual(["trip", dates.id, hotel.id]);
    // Searchable like any memory.
    expect((await store.search({ ns: ctx.ns, query: "hotel", k: 3 })).map((h) => h.id)).toContain(hotel.id);
  });

  it("rejects bad input, naming the path, and writes nothing", async () => {
    const { tasks, store, ctx, events } = await setup();
    const a = await tasks.add({ id: "a", goal: "A" });
    await ctx.commit([{ id: "ent", ns: ctx.ns, kind: "entity", text: "not a task", attrs: {}, source: ctx.source, time: { at: 1, validFrom: null, validTo: null }, change: ctx.change("seed") }], []);
    const before = await store.stats({ ns: ctx.ns });
    const paths = async (p: Promise<unknown>) => (await rejects(p)).issues.map((i) => i.path);
    expect(await paths(tasks.add({ goal: "" }))).toEqual(["goal"]);
    expect(await paths(tasks.add({ goal: "x", parent: "nope" }))).toEqual(["parent"]);
    expect(await paths(tasks.add({ goal: "x", parent: "ent" }))).toEqual(["parent"]);
    expect(await paths(tasks.add({ goal: "x", dependsOn: [a.id, "ghost", "ent"] }))).toEqual(["dependsOn[1]", "dependsOn[2]"]);
    expect(await paths(tasks.add({ goal: "x", dependsOn: [a.id, a.id] }))).toEqual(["dependsOn[1]"]);
    expect(await paths(tasks.add({ id: "a", goal: "again" }))).toEqual(["id"]);
    expect(await paths(tasks.add({ goal: "x", input: () => 1 }))).toEqual(["input"]);
    expect(await paths(tasks.add({ goal: "x", status: "done" } as never))).toEqual(["(root)"]);
    expect(await store.stats({ ns: ctx.ns })).toEqual(before);
    expect(events("task-add")).toHaveLength(1);
  });
});

describe("task tree: status", () => {
  it("start → complete with output, each a new version with a reason; repeats are no-ops", async () => {
    const { tasks, events } = await setup();
    const pre = await tasks.add({ goal: "Choose dates" });
    const t = await tasks.add({ goal: "Book flights", dependsOn: [pre.id] });
    expect((await tasks.start(t.id)).status).toBe("active");
    expect((await tasks.start(t.id)).version).toBe(2);
    const done = await tasks.complete(t.id, { output: "TP1234 on 3 May" });
    expect(done).toMatchObject({ status: "done", output: "TP1234 on 3 May", version: 3 });
    expect((await tasks.revisions(t.id)).map((r) => [r.version, r.status, r.reason])).toEqual([
      [1, "pending", "task added"], [2, "active", "task started"], [3, "done", "task completed"],
    ]);
    const status = events("task-status").map((e) => e.data);
    expect(status[0]).toMatchObject({ id: t.id, from: "pending", to: "active", unfinishedPrerequisites: [pre.id] });
    expect(status[1]).toMatchObject({ outcome: "unchanged" });
  });

  it("fail records the error; a failed task can be retried; a done task is changed only through revise", async () => {
    const { tasks } = await setup();
    const t = await tasks.add({ goal: "Call the hotel" });
    await tasks.start(t.id);
    expect(await tasks.fail(t.id, { error: "no answer" })).toMatchObject({ status: "failed", error: "no answer" });
    expect((await tasks.revisions(t.id)).at(-1)!.reason).toBe("task failed: no answer");
    const retried = await tasks.start(t.id);
    expect(retried.status).toBe("active");
    expect(retried.error).toBeUndefined(); // the old error no longer describes it
    const done = await tasks.complete(t.id, { output: "booked" });
    expect(done.error).toBeUndefined();
    expect((await rejects(tasks.start(t.id))).issues[0]!.message).toContain("revise");
    await rejects(tasks.fail(t.id));
    await rejects(tasks.complete(t.id, { output: "again" }));
    expect((await tasks.complete(t.id, { output: "booked" })).version).toBe(done.version); // a retry changes nothing
  });

  it("turns a concurrent change between read and write into a ConflictError, not a lost update", async () => {
    const { tasks } = await setup();
    const t = await tasks.add({ goal: "Pick a hotel" });
    const results = await Promise.allSettled([tasks.complete(t.id, { output: "Hotel A" }), tasks.complete(t.id, { output: "Hotel B" })]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(await tasks.revisions(t.id)).toHaveLength(2);
  });

  it("rejects unknown and non-task ids", async () => {
    const { tasks, ctx } = await setup();
    await ctx.commit([{ id: "ent", ns: ctx.ns, kind: "entity", text: "x", attrs: {}, source: ctx.source, time: { at: 1, validFrom: null, validTo: null }, change: ctx.change("seed") }], []);
    for (const call of [
      () => tasks.start("nope"), () => tasks.complete("nope"), () => tasks.fail("nope"), () => tasks.revise("nope", { output: 1, reason: "r" }),
      () => tasks.context("nope", { tokens: 100 }), () => tasks.get("nope"), () => tasks.relations("nope"), () => tasks.setParent("nope", null),
      () => tasks.addDependencies("nope", ["ent"]),
    ]) await expect(call()).rejects.toBeInstanceOf(NotFoundError);
    expect((await rejects(tasks.start("ent"))).issues.map((i) => i.path)).toEqual(["id"]);
    expect((await rejects(tasks.start(""))).issues.map((i) => i.path)).toEqual(["id"]);
  });
});

describe("task tree: revise", () => {
  it("marks every task that transitively depends on the revised one stale, in one commit, and returns them", async () => {
    const { tasks, ctx, events } = await setup();
    const dates = await tasks.add({ id: "dates", goal: "Choose dates" });
    const flights = await tasks.add({ id: "flights", goal: "Book flights", dependsOn: ["dates"] });
    const hotel = await tasks.add({ id: "hotel", goal: "Book hotel", dependsOn: ["dates"] });
    const summary = await tasks.add({ id: "summary", goal: "Send itinerary", dependsOn: ["flights", "hotel"] });
    const later = await tasks.add({ id: "later", goal: "Book dinner", dependsOn: ["hotel"] });
    for (const t of [dates, flights, hotel, summary]) await tasks.complete(t.id, { output: `${t.goal}: ok` });
    expect(later.status).toBe("pending");

    const commit = vi.spyOn(ctx, "commit");
    const { task, stale } = await tasks.revise("dates", { output: "5–9 May", reason: "user moved the trip" });
    expect(commit).toHaveBeenCalledTimes(1);
    expect(task).toMatchObject({ status: "done", output: "5–9 May" });
    expect(stale.map((t) => [t.id, t.status])).toEqual([["flights", "stale"], ["hotel", "stale"], ["summary", "stale"]]);
    expect((await tasks.get("later")).status).toBe("pending"); // consumed nothing yet
    for (const id of ["flights", "summary"]) expect((await tasks.revisions(id)).at(-1)!.reason).toBe("dependency dates revised");
    expect((await tasks.revisions("dates")).map((r) => [r.reason, r.output])).toEqual([
      ["task added", undefined], ["task completed", "Choose dates: ok"], ["user moved the trip", "5–9 May"],
    ]);
    expect(events("task-revise")[0]!.data).toMatchObject({ id: "dates", stale: ["flights", "hotel", "summary"] });
    expect(events("task-stale").map((e) => [e.data["id"], e.data["because"]])).toEqual([["flights", "dates"], ["hotel", "dates"], ["summary", "dates"]]);
    // A stale task is redone with complete.
    expect((await tasks.complete("flights", { output: "TP9 on 5 May" })).status).toBe("done");
  });

  it("refuses to revise a task that is not finished, and needs a reason", async () => {
    const { tasks, store, ctx } = await setup();
    const t = await tasks.add({ goal: "x" });
    const before = await store.stats({ ns: ctx.ns });
    expect((await rejects(tasks.revise(t.id, { output: 1, reason: "r" }))).issues.map((i) => i.path)).toEqual(["id"]);
    expect((await rejects(tasks.revise(t.id, { output: 1 } as never))).issues.map((i) => i.path)).toEqual(["reason"]);
    expect(await store.stats({ ns: ctx.ns })).toEqual(before);
    expect(await tasks.revisions(t.id)).toHaveLength(1);
  });
});

describe("task tree: cycles", () => {
  it("refuses a child edge that would close a cycle, checked one neighbours call per hop, before writing", async () => {
    const { tasks, store, ctx } = await setup();
    await tasks.add({ id: "root", goal: "root" });
    await tasks.add({ id: "mid", goal: "mid", parent: "root" });
    await tasks.add({ id: "leaf", goal: "leaf", parent: "mid" });
    await tasks.add({ id: "other", goal: "other" });
    const before = await store.stats({ ns: ctx.ns });
    const spy = vi.spyOn(store, "neighbors");
    expect((await rejects(tasks.setParent("root", "leaf"))).issues.map((i) => i.path)).toEqual(["parent"]);
    expect(spy.mock.calls.map((c) => [c[0].ids, c[0].direction])).toEqual([[["root"], "out"], [["mid"], "out"]]);
    expect((await rejects(tasks.setParent("mid", "mid"))).issues.map((i) => i.path)).toEqual(["parent"]);
    expect((await rejects(tasks.setParent("mid", "ghost"))).issues.map((i) => i.path)).toEqual(["parent"]);
    expect(await store.stats({ ns: ctx.ns })).toEqual(before);
    // A legal move: the old child edge is closed (kept), the new one drawn; a task keeps one parent.
    await tasks.setParent("mid", "other");
    expect((await tasks.relations("mid")).parent).toBe("other");
    expect((await tasks.relations("root")).children).toEqual([]);
    expect((await store.stats({ ns: ctx.ns })).edges["child"]).toBe(3);
    await tasks.setParent("mid", null);
    expect((await tasks.relations("mid")).parent).toBeNull();
  });

  it("refuses a depends_on edge that would close a cycle, naming the prerequisite", async () => {
    const { tasks, store, ctx, events } = await setup();
    await tasks.add({ id: "a", goal: "a" });
    await tasks.add({ id: "b", goal: "b", dependsOn: ["a"] });
    await tasks.add({ id: "c", goal: "c", dependsOn: ["b"] });
    await tasks.add({ id: "x", goal: "x" });
    const before = await store.stats({ ns: ctx.ns });
    expect((await rejects(tasks.addDependencies("a", ["x", "c"]))).issues).toEqual([{ path: "dependsOn[1]", message: expect.stringContaining("cycle") }]);
    expect((await rejects(tasks.addDependencies("a", ["a"]))).issues.map((i) => i.path)).toEqual(["dependsOn[0]"]);
    expect((await rejects(tasks.addDependencies("a", ["ghost"]))).issues.map((i) => i.path)).toEqual(["dependsOn[0]"]);
    expect((await rejects(tasks.addDependencies("a", []))).issues.map((i) => i.path)).toEqual(["dependsOn"]);
    expect(await store.stats({ ns: ctx.ns })).toEqual(before);
    await tasks.addDependencies("c", ["a", "x"]); // a is already reachable, but a direct edge is legal
    await tasks.addDependencies("c", ["x"]); // already there: no-op
    expect((await tasks.relations("c")).dependsOn).toEqual(["a", "b", "x"]);
    expect(events("task-link").map((e) => e.data["dependsOn"])).toEqual([["a", "x"]]);
  });
});

describe("task tree: context", () => {
  async function trip() {
    const s = await setup();
    const { tasks } = s;
    await tasks.add({ id: "trip", goal: "Plan a trip to Lisbon" });
    await tasks.add({ id: "dates", goal: "Choose dates", parent: "trip" });
    await tasks.complete("dates", { output: "3–7 May" });
    await tasks.add({ id: "flights", goal: "Book flights", parent: "trip" });
    await tasks.complete("flights", { output: "TP1234, arrives 10:40" });
    await tasks.add({ id: "museum", goal: "Check museum hours", parent: "trip" });
    await tasks.fail("museum", { error: "site down" });
    await tasks.add({ id: "car", goal: "Rent a car", parent: "trip" });
    await tasks.add({ id: "hotel", goal: "Book a hotel near Alfama", parent: "trip", dependsOn: ["dates"], input: { budget: 120 } });
    await tasks.start("trip");
    await tasks.start("hotel");
    return s;
  }

  it("renders the active path, the prerequisites' outputs and finished siblings", async () => {
    const { tasks, events } = await trip();
    const c = await tasks.context("hotel", { tokens: 1_000 });
    expect(c.text).toBe([
      "## Task context",
      "Path (root → current task):",
      "1. [active] Plan a trip to Lisbon",
      "2. [active] Book a hotel near Alfama  ← current task",
      '   input: {"budget":120}',
      "Prerequisites:",
      "- [done] Choose dates — output: 3–7 May",
      "Finished sibling tasks:",
      "- [failed] Check museum hours — error: site down",
      "- [done] Book flights — output: TP1234, arrives 10:40",
    ].join("\n"));
    expect(c.tokens).toBe(estimateTokens(c.text));
    expect(c.dropped).toEqual([]);
    expect(c.included).toEqual(["trip", "hotel", "dates", "museum", "flights"]);
    expect(events("task-context")[0]!.data).toMatchObject({ id: "hotel", budget: 1_000, tokens: c.tokens, truncated: false });
    // Only the most recently finished siblings are considered.
    const one = await tasks.context("hotel", { tokens: 1_000, maxSiblings: 1 });
    expect(one.dropped).toEqual([{ id: "flights", part: "sibling" }]);
    expect(one.text).toContain("Check museum hours");
    expect(one.text).not.toContain("Book flights");
  });

  it("drops the least relevant parts first to fit the budget, and says what it dropped", async () => {
    const { tasks } = await trip();
    await tasks.complete("hotel", { output: "Hotel Alfama, 4 nights" });
    await tasks.add({ id: "dinner", goal: "Book dinner near the hotel", parent: "trip", dependsOn: ["hotel"] });
    await tasks.add({ id: "sub", goal: "Pick a restaurant", parent: "dinner" });
    await tasks.start("sub");
    const full = await tasks.context("sub", { tokens: 1_000 });
    expect(full.dropped).toEqual([]);
    expect(full.text).toContain("Plan a trip to Lisbon");

    const whole = await tasks.context("hotel", { tokens: 1_000 });
    const tight = await tasks.context("hotel", { tokens: whole.tokens - 2 });
    expect(tight.dropped).toEqual([{ id: "flights", part: "sibling" }]); // the oldest finished sibling goes first
    expect(tight.text).toMatch(/\(Omitted for length: 1 finished sibling\.\)$/);
    expect(tight.text).toContain("Check museum hours");

    // Every budget: within it, and what is dropped grows in one fixed order of relevance.
    const order = ["sibling:flights", "sibling:museum", "ancestor-output:trip", "dependency-output:dates", "ancestor:trip", "dependency:dates"];
    await tasks.complete("trip", { output: "itinerary draft" });
    let previous = 0;
    for (let budget = 120; budget >= 1; budget--) {
      const c = await tasks.context("hotel", { tokens: budget });
      expect(c.tokens).toBeLessThanOrEqual(budget);
      const dropped = c.dropped.map((d) => `${d.part}:${d.id}`);
      expect(dropped).toEqual(order.slice(0, dropped.length));
      expect(dropped.length).toBeGreaterThanOrEqual(previous);
      previous = dropped.length;
      if (!c.truncated) expect(c.text).toContain("Book a hotel near Alfama  ← current task");
      if (c.truncated && budget >= 55) expect(c.text).toMatch(/…\n\(Omitted for length: 6 parts; the current task is cut\.\)$/);
    }
    const none = await tasks.context("hotel", { tokens: 3 });
    expect(none.truncated).toBe(true);
    expect(none.text.length).toBeLessThanOrEqual(12);
    await expect(tasks.context("hotel", { tokens: 0 })).rejects.toBeInstanceOf(ValidationError);
  });
});
