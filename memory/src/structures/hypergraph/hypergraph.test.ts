import { afterEach, describe, expect, it, vi } from "vitest";
import { NotFoundError, ValidationError } from "../../errors.js";
import type { StructureContext } from "../context.js";
import { openTestStructureContext, type TestStructureContext } from "../test-structure-context.js";
import { hypergraph } from "./hypergraph.js";

const open: TestStructureContext[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

/** A fresh store with entity vertices a..f (ids "a".."f"). */
async function setup(ns = "test") {
  const t = await openTestStructureContext({ ns });
  open.push(t);
  await seed(t.ctx, ["a", "b", "c", "d", "e", "f"]);
  return { ...t, hg: hypergraph(t.ctx) };
}

async function seed(ctx: StructureContext, ids: string[]) {
  await ctx.commit(ids.map((id) => ({
    id, ns: ctx.ns, kind: "entity", text: `entity ${id}`, attrs: {}, source: ctx.source,
    time: { at: 1, validFrom: null, validTo: null }, change: ctx.change("seed"),
  })), []);
}

async function rejects(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe("hypergraph: insert", () => {
  it("stores a hyperedge node (text = description) and one member edge per vertex, with roles", async () => {
    const { hg, store, ctx, events } = await setup();
    const { hyperedge, outcome } = await hg.insert({
      members: [{ id: "a", role: "buyer" }, { id: "b", role: "seller" }, { id: "c" }],
      description: "a bought the house from b through agency c",
    });
    expect(outcome).toBe("created");
    expect(hyperedge.members).toEqual([{ id: "a", role: "buyer" }, { id: "b", role: "seller" }, { id: "c" }]);
    expect(hyperedge.node.kind).toBe("hyperedge");
    expect(hyperedge.node.text).toBe("a bought the house from b through agency c");
    expect(hyperedge.node.attrs).toMatchObject({ members: 3, roles: { a: "buyer", b: "seller" } });
    expect(typeof hyperedge.node.attrs["memberKey"]).toBe("string");
    const edges = await store.findEdges({ ns: ctx.ns, kinds: ["member"], limit: 10 });
    expect(edges.map((e) => [e.from, e.to, e.attrs["role"]])).toEqual([
      [hyperedge.id, "a", "buyer"], [hyperedge.id, "b", "seller"], [hyperedge.id, "c", undefined],
    ]);
    // Text-bearing: searchable like any memory.
    expect((await store.search({ ns: ctx.ns, query: "agency house", k: 5 })).map((h) => h.id)).toContain(hyperedge.id);
    expect(events("hyperedge-insert")).toEqual([{ type: "hyperedge-insert", data: { id: hyperedge.id, outcome: "created", members: ["a", "b", "c"] } }]);
  });

  it("rejects fewer than 2 members, unknown or duplicate ids and an empty description, naming the path; writes nothing", async () => {
    const { hg, store, ctx, events } = await setup();
    const before = await store.stats({ ns: ctx.ns });
    expect((await rejects(hg.insert({ members: [{ id: "a" }], description: "alone" }))).issues).toEqual([
      { path: "members", message: expect.stringContaining("at least 2") },
    ]);
    expect((await rejects(hg.insert({ members: [{ id: "a" }, { id: "nope" }, { id: "zip" }], description: "x" }))).issues.map((i) => i.path))
      .toEqual(["members[1].id", "members[2].id"]);
    expect((await rejects(hg.insert({ members: [{ id: "a" }, { id: "b" }, { id: "a" }], description: "x" }))).issues.map((i) => i.path))
      .toEqual(["members[2].id"]);
    expect((await rejects(hg.insert({ members: [{ id: "a" }, { id: "b" }], description: "" }))).issues.map((i) => i.path)).toEqual(["description"]);
    await rejects(hg.insert({ members: [{ id: "a" }, { id: "b" }], description: "x", extra: 1 } as never));
    expect(await store.stats({ ns: ctx.ns })).toEqual(before);
    expect(events("hyperedge-insert")).toEqual([]);
  });

  it("does not see nodes of another namespace", async () => {
    const { hg, store, ctx } = await setup("one");
    await store.write({ nodes: [{
      id: "g", ns: "two", kind: "entity", text: "elsewhere", attrs: {}, source: ctx.source,
      time: { at: 1, validFrom: null, validTo: null }, change: ctx.change("seed"),
    }] });
    expect((await rejects(hg.insert({ members: [{ id: "a" }, { id: "g" }], description: "cross" }))).issues.map((i) => i.path)).toEqual(["members[1].id"]);
    expect(await hg.findByMembers(["a", "g"])).toBeUndefined();
  });

  it("upserts by member set: the same set again updates that unit (any order); the same content is a no-op", async () => {
    const { hg, store, ctx, events } = await setup();
    const first = await hg.insert({ members: [{ id: "a" }, { id: "b" }], description: "a met b" });
    const again = await hg.insert({ members: [{ id: "b" }, { id: "a", role: "host" }], description: "a hosted b for dinner", reason: "more detail" });
    expect(again.outcome).toBe("updated");
    expect(again.hyperedge.id).toBe(first.hyperedge.id);
    expect(again.hyperedge.version).toBe(2);
    expect(again.hyperedge.members).toEqual([{ id: "a", role: "host" }, { id: "b" }]);
    const same = await hg.insert({ members: [{ id: "a", role: "host" }, { id: "b" }], description: "a hosted b for dinner" });
    expect(same.outcome).toBe("unchanged");
    expect(same.hyperedge.version).toBe(2);
    const stats = await store.stats({ ns: ctx.ns });
    expect(stats.nodes["hyperedge"]).toBe(1);
    expect(stats.edges["member"]).toBe(2); // the role change rewrote the edge, it did not add one
    expect((await store.history({ ns: ctx.ns, id: first.hyperedge.id })).map((v) => v.change.reason)).toEqual(["hyperedge inserted", "more detail"]);
    expect(events("hyperedge-insert").map((e) => e.data["outcome"])).toEqual(["created", "updated", "unchanged"]);
    // A different set (a superset) is a different unit.
    expect((await hg.insert({ members: [{ id: "a" }, { id: "b" }, { id: "c" }], description: "all three" })).outcome).toBe("created");
  });
});

describe("hypergraph: insertMany", () => {
  it("upserts a batch in one commit with a constant number of reads; later inputs over the same set win", async () => {
    const { hg, store, ctx, events } = await setup();
    const ab = (await hg.insert({ members: [{ id: "a" }, { id: "b" }], description: "a met b" })).hyperedge;
    const commit = vi.spyOn(ctx, "commit");
    const neighbors = vi.spyOn(store, "neighbors");
    const results = await hg.insertMany([
      { members: [{ id: "b" }, { id: "a" }], description: "a and b are siblings" },
      { members: [{ id: "c" }, { id: "d" }, { id: "e" }], description: "cde, first take" },
      { members: [{ id: "a" }, { id: "b" }, { id: "c" }], description: "abc" },
      { members: [{ id: "e" }, { id: "d" }, { id: "c" }], description: "cde, second take" },
    ]);
    expect(commit).toHaveBeenCalledTimes(1);
    expect(neighbors).toHaveBeenCalledTimes(3); // candidates, their members, the results
    expect(results.map((r) => r.outcome)).toEqual(["updated", "created", "created", "created"]);
    expect(results[0]!.hyperedge).toMatchObject({ id: ab.id, version: 2, description: "a and b are siblings" });
    expect(results[1]!.hyperedge.id).toBe(results[3]!.hyperedge.id);
    expect(results[1]!.hyperedge.description).toBe("cde, second take");
    expect((await store.stats({ ns: ctx.ns })).nodes["hyperedge"]).toBe(3);
    expect(events("hyperedge-insert").map((e) => e.data["outcome"])).toEqual(["created", "updated", "created", "created"]);
    expect((await hg.insertMany([{ members: [{ id: "a" }, { id: "b" }], description: "a and b are siblings" }]))[0]!.outcome).toBe("unchanged");
  });

  it("validates the whole batch first, naming each bad path, and writes nothing", async () => {
    const { hg, store, ctx } = await setup();
    const before = await store.stats({ ns: ctx.ns });
    expect((await rejects(hg.insertMany([
      { members: [{ id: "a" }, { id: "b" }], description: "fine" },
      { members: [{ id: "ghost" }, { id: "b" }], description: "bad member" },
    ]))).issues.map((i) => i.path)).toEqual(["hyperedges[1].members[0].id"]);
    expect((await rejects(hg.insertMany([{ members: [{ id: "a" }], description: "one" }]))).issues.map((i) => i.path)).toEqual(["hyperedges[0].members"]);
    expect((await rejects(hg.insertMany([]))).issues.map((i) => i.path)).toEqual(["hyperedges"]);
    expect(await store.stats({ ns: ctx.ns })).toEqual(before);
  });
});

describe("hypergraph: update", () => {
  it("adds and removes members and rewrites the description as one new version with a reason; removed edges are closed, not deleted", async () => {
    const { hg, store, ctx, events } = await setup();
    const { hyperedge } = await hg.insert({ members: [{ id: "a" }, { id: "b" }, { id: "c" }], description: "trio" });
    const updated = await hg.update(hyperedge.id, { addMembers: [{ id: "d", role: "guest" }], removeMembers: ["c"], description: "a, b and guest d", reason: "c left, d joined" });
    expect(updated.version).toBe(2);
    expect(updated.members).toEqual([{ id: "a" }, { id: "b" }, { id: "d", role: "guest" }]);
    expect(updated.node.attrs["members"]).toBe(3);
    const history = await store.history({ ns: ctx.ns, id: hyperedge.id });
    expect(history.map((v) => [v.version, v.change.reason, v.snapshot.text])).toEqual([[1, "hyperedge inserted", "trio"], [2, "c left, d joined", "a, b and guest d"]]);
    const edges = await store.findEdges({ ns: ctx.ns, kinds: ["member"], limit: 10 });
    expect(edges).toHaveLength(4);
    expect(edges.find((e) => e.to === "c")!.time.validTo).not.toBeNull();
    expect((await hg.hyperedgesOf(["c"]))).toEqual([]);
    expect(events("hyperedge-update")[0]!.data).toMatchObject({ id: hyperedge.id, outcome: "updated", added: ["d"], removed: ["c"], description: true });
    // Same content again: no new version.
    expect((await hg.update(hyperedge.id, { description: "a, b and guest d" })).version).toBe(2);
  });

  it("rejects an unknown id, a non-hyperedge, unknown members, non-members, < 2 left and a twin; writes nothing", async () => {
    const { hg, store, ctx } = await setup();
    const { hyperedge } = await hg.insert({ members: [{ id: "a" }, { id: "b" }, { id: "c" }], description: "trio" });
    await hg.insert({ members: [{ id: "a" }, { id: "b" }], description: "pair" });
    const before = await store.stats({ ns: ctx.ns });
    await expect(hg.update("missing", { description: "x" })).rejects.toBeInstanceOf(NotFoundError);
    expect((await rejects(hg.update("a", { description: "x" }))).issues.map((i) => i.path)).toEqual(["id"]);
    expect((await rejects(hg.update(hyperedge.id, { addMembers: [{ id: "e" }, { id: "ghost" }] }))).issues.map((i) => i.path)).toEqual(["patch.addMembers[1].id"]);
    expect((await rejects(hg.update(hyperedge.id, { addMembers: [{ id: hyperedge.id }] }))).issues.map((i) => i.path)).toEqual(["patch.addMembers[0].id"]);
    expect((await rejects(hg.update(hyperedge.id, { removeMembers: ["f"] }))).issues.map((i) => i.path)).toEqual(["patch.removeMembers[0]"]);
    expect((await rejects(hg.update(hyperedge.id, { removeMembers: ["a", "b"] }))).issues.map((i) => i.path)).toEqual(["patch.removeMembers"]);
    expect((await rejects(hg.update(hyperedge.id, { removeMembers: ["c"] }))).issues[0]!.message).toContain("merge");
    expect(await store.stats({ ns: ctx.ns })).toEqual(before);
    expect((await store.history({ ns: ctx.ns, id: hyperedge.id }))).toHaveLength(1);
  });
});

describe("hypergraph: merge", () => {
  it("keeps the two units out of the merged members, and refuses a merge that would duplicate a live unit", async () => {
    const { hg } = await setup();
    const { hyperedge: a } = await hg.insert({ members: [{ id: "a" }, { id: "b" }], description: "A" });
    const { hyperedge: aboutA } = await hg.insert({ members: [{ id: a.id }, { id: "c" }], description: "about A" });
    const merged = await hg.merge(a.id, aboutA.id);
    expect(merged.members.map((m) => m.id).sort()).toEqual(["a", "b", "c"]); // not a itself
    const { hyperedge: x } = await hg.insert({ members: [{ id: "a" }, { id: "c" }], description: "X" });
    const { hyperedge: y } = await hg.insert({ members: [{ id: "b" }, { id: "c" }], description: "Y" });
    const refused = await rejects(hg.merge(x.id, y.id)); // {a, b, c} is the merged unit's set already
    expect(refused.issues[0]!.message).toContain(merged.id);
    expect(await hg.findDuplicates()).toEqual([]);
  });

  it("keeps a's id with the union of members; b is invalidated and superseded, never deleted", async () => {
    const { hg, store, ctx, events } = await setup();
    const a = (await hg.insert({ members: [{ id: "a" }, { id: "b" }], description: "a and b founded Acme" })).hyperedge;
    const b = (await hg.insert({ members: [{ id: "b", role: "cto" }, { id: "c" }, { id: "d" }], description: "b, c and d run Acme" })).hyperedge;
    const merged = await hg.merge(a.id, b.id, { description: "Acme: founded by a and b, run by b, c and d" });
    expect(merged.id).toBe(a.id);
    expect(merged.version).toBe(2);
    expect(merged.members).toEqual([{ id: "a" }, { id: "b", role: "cto" }, { id: "c" }, { id: "d" }]);
    const [gone] = await hg.get([b.id]);
    expect(gone!.node.time.validTo).not.toBeNull();
    expect(gone!.members).toEqual([]); // its member edges are closed too
    expect((await store.history({ ns: ctx.ns, id: b.id })).map((v) => v.change.reason)).toEqual(["hyperedge inserted", `merged into hyperedge ${a.id}`]);
    const supersedes = await store.findEdges({ ns: ctx.ns, kinds: ["supersedes"], limit: 5 });
    expect(supersedes.map((e) => [e.from, e.to])).toEqual([[a.id, b.id]]);
    expect((await store.stats({ ns: ctx.ns })).nodes["hyperedge"]).toBe(2);
    // Still readable as it was before the merge.
    const [asOf] = await store.getNodes({ ns: ctx.ns, ids: [b.id], view: { knownAt: b.node.time.recordedAt } });
    expect(asOf!.time.validTo).toBeNull();
    // Recall now reaches the merged unit only.
    expect((await hg.hyperedgesOf(["c"])).map((h) => h.hyperedge.id)).toEqual([a.id]);
    expect(events("hyperedge-merge")[0]!.data).toMatchObject({ into: a.id, from: b.id, added: ["c", "d"] });
  });

  it("joins both descriptions by default", async () => {
    const { hg } = await setup();
    const a = (await hg.insert({ members: [{ id: "a" }, { id: "b" }], description: "one" })).hyperedge;
    const b = (await hg.insert({ members: [{ id: "c" }, { id: "d" }], description: "two" })).hyperedge;
    expect((await hg.merge(a.id, b.id)).description).toBe("one\ntwo");
  });

  it("rejects merging with itself, an unknown id, or an already merged unit; writes nothing", async () => {
    const { hg, store, ctx } = await setup();
    const a = (await hg.insert({ members: [{ id: "a" }, { id: "b" }], description: "one" })).hyperedge;
    const b = (await hg.insert({ members: [{ id: "c" }, { id: "d" }], description: "two" })).hyperedge;
    const c = (await hg.insert({ members: [{ id: "e" }, { id: "f" }], description: "three" })).hyperedge;
    await hg.merge(a.id, b.id);
    const before = await store.stats({ ns: ctx.ns });
    expect((await rejects(hg.merge(a.id, a.id))).issues.map((i) => i.path)).toEqual(["b"]);
    await expect(hg.merge(a.id, "missing")).rejects.toBeInstanceOf(NotFoundError);
    expect((await rejects(hg.merge(c.id, b.id))).issues.map((i) => i.path)).toEqual(["b"]);
    expect((await rejects(hg.update(b.id, { description: "edit history?" }))).issues.map((i) => i.path)).toEqual(["id"]);
    expect(await store.stats({ ns: ctx.ns })).toEqual(before);
  });
});

describe("hypergraph: duplicates", () => {
  it("finds units over the same member set left by concurrent inserts, and merge resolves them", async () => {
    const { hg } = await setup();
    // Both read "no unit over {a,b}" before either writes: the race a single-writer upsert cannot see.
    const [x, y] = await Promise.all([
      hg.insert({ members: [{ id: "a" }, { id: "b" }], description: "first" }),
      hg.insert({ members: [{ id: "b" }, { id: "a" }], description: "second" }),
    ]);
    await hg.insert({ members: [{ id: "c" }, { id: "d" }], description: "single" });
    const groups = await hg.findDuplicates();
    expect(groups).toHaveLength(1);
    expect(groups[0]!.ids).toEqual([x.hyperedge.id, y.hyperedge.id].sort());
    await hg.merge(groups[0]!.ids[0]!, groups[0]!.ids[1]!);
    expect(await hg.findDuplicates()).toEqual([]);
    expect((await hg.findByMembers(["b", "a"]))!.id).toBe(groups[0]!.ids[0]);
  });
});

describe("hypergraph: recall", () => {
  it("hyperedgesOf: a vertex recalls its units, for all vertices in one neighbours call", async () => {
    const { hg, store } = await setup();
    const ab = (await hg.insert({ members: [{ id: "a" }, { id: "b" }], description: "ab" })).hyperedge;
    const bcd = (await hg.insert({ members: [{ id: "b" }, { id: "c" }, { id: "d" }], description: "bcd" })).hyperedge;
    const spy = vi.spyOn(store, "neighbors");
    const found = await hg.hyperedgesOf(["a", "b", "f"]);
    expect(found.map((h) => [h.hyperedge.id, h.via])).toEqual([[ab.id, ["a", "b"]], [bcd.id, ["b"]]]);
    expect(found[1]!.hyperedge.members.map((m) => m.id)).toEqual(["b", "c", "d"]);
    // One call for the vertices' units, one for those units' members.
    expect(spy.mock.calls.map((c) => c[0].direction)).toEqual(["in", "out"]);
    await expect(hg.hyperedgesOf([""])).rejects.toBeInstanceOf(ValidationError);
  });

  it("recallMembers: a unit with enough active members recalls the rest, scored by the active fraction and explained", async () => {
    const { hg, events } = await setup();
    const abc = (await hg.insert({ members: [{ id: "a" }, { id: "b" }, { id: "c" }], description: "abc" })).hyperedge;
    const abde = (await hg.insert({ members: [{ id: "a" }, { id: "b" }, { id: "d" }, { id: "e" }], description: "abde" })).hyperedge;
    await hg.insert({ members: [{ id: "a" }, { id: "f" }], description: "af: only one active member" });
    const result = await hg.recallMembers(["a", "b"]);
    expect(result.hyperedges.map((h) => [h.hyperedge.id, h.score, h.activatedBy, h.recalled.map((m) => m.id)])).toEqual([
      [abc.id, 2 / 3, ["a", "b"], ["c"]],
      [abde.id, 0.5, ["a", "b"], ["d", "e"]],
    ]);
    expect(result.hyperedges[0]!.explanation).toBe("2 of 3 members active (a, b)");
    expect(result.vertices).toEqual([
      { id: "c", score: 2 / 3, via: [abc.id] },
      { id: "d", score: 0.5, via: [abde.id] },
      { id: "e", score: 0.5, via: [abde.id] },
    ]);
    expect(events("hyperedge-recall")[0]!.data).toMatchObject({ active: 2, candidates: 3, recalled: ["c", "d", "e"] });
    // Thresholds: a fraction, or one active member.
    expect((await hg.recallMembers(["a", "b"], { minFraction: 0.6 })).hyperedges.map((h) => h.hyperedge.id)).toEqual([abc.id]);
    expect((await hg.recallMembers(["a"], { minActive: 1 })).hyperedges).toHaveLength(3);
    expect((await hg.recallMembers(["a"])).hyperedges).toEqual([]);
    expect((await rejects(hg.recallMembers(["a"], { minActive: 0 }))).issues.map((i) => i.path)).toEqual(["options.minActive"]);
  });
});
