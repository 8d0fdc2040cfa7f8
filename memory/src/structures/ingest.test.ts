import { afterEach, describe, expect, it } from "vitest";
import { createMemory } from "../facade/create-memory.js";
import type { Memory } from "../facade/memory.js";
import type { LinkDecider } from "./zettel/link-decision.js";

const turns = [
  ["Priya", "I'm flying to Boa Vista in May to survey loggerhead turtles with Dr. Okafor."],
  ["Tomas", "Amazing! I signed the lease on a bakery in Porto last week."],
  ["Priya", "Porto is perfect for you. Will you bake the seaweed sourdough there?"],
  ["Tomas", "Yes, seaweed sourdough is the first loaf on the menu."],
  ["Priya", "Dr. Okafor says the turtle nests on Boa Vista are declining because of the storms."],
  ["Tomas", "That's sad. Because of the storms the harbour in Porto flooded too."],
].map(([speaker, text], i) => ({ id: `t${i}`, speaker: speaker!, text: text!, thread: "chat", session: i < 4 ? "s1" : "s2", at: Date.UTC(2024, 2, i < 4 ? 9 : 20, 10, i) }));

let memory: Memory | undefined;
afterEach(async () => memory?.close());

describe("ingest with every structure", () => {
  it("gives a hyperedge its episode's source, so it carries that trust and goes with it", async () => {
    memory = await createMemory();
    const web = { id: "web-scrape", type: "web" as const, trust: 0.2 };
    await memory.ingest([{ id: "r1", text: "Rumour: Maria Silva sold the Porto bakery to Okafor Holdings.", speaker: "Bot", source: web }], { structures: ["hypergraph"] });
    const [unit] = await memory.stores.graph.findNodes({ ns: "default", kinds: ["hyperedge"], limit: 5 });
    expect(unit!.source).toEqual(web);
    await memory.eraseSource("web-scrape");
    expect((await memory.stats()).nodes.hyperedge ?? 0).toBe(0);
  });

  it("writes nothing when a link decision fails, so the same ingest run again builds every structure", async () => {
    let fail = true;
    const decider: LinkDecider = { id: "flaky", decide: async () => { if (fail) throw new Error("model endpoint 503"); return { links: [], updates: [] }; } };
    memory = await createMemory({ decider });
    await expect(memory.ingest(turns)).rejects.toThrow(/503/);
    expect((await memory.stats()).nodes).toEqual({});
    fail = false;
    const report = await memory.ingest(turns);
    expect(report.episodes).toBe(6);
    const stats = await memory.stats();
    for (const kind of ["episode", "entity", "event", "note", "hyperedge"]) expect(stats.nodes[kind], kind).toBeGreaterThan(0);
  });

  it("builds entities, events, notes and hyperedges from a conversation", async () => {
    memory = await createMemory();
    const report = await memory.ingest(turns);
    expect(report).toMatchObject({ episodes: 6 });
    expect(report.entities).toBeGreaterThan(0);
    expect(report.events).toBeGreaterThanOrEqual(2); // the session boundary alone cuts once
    expect(report.notes).toBeGreaterThan(0);
    expect(report.hyperedges).toBeGreaterThan(0);
    const stats = await memory.stats();
    for (const kind of ["episode", "entity", "event", "note", "hyperedge"]) expect(stats.nodes[kind], kind).toBeGreaterThan(0);
    for (const kind of ["next", "mentions", "part_of", "before", "derived_from", "member"]) expect(stats.edges[kind], kind).toBeGreaterThan(0);
    const [okafor] = await memory.stores.graph.findNodes({ ns: "default", kinds: ["entity"], attrs: { key: "okafor" }, limit: 1 });
    expect(okafor?.attrs.type).toBe("person");
  });

  it("is idempotent: re-ingesting the same turns adds nothing", async () => {
    memory = await createMemory();
    await memory.ingest(turns);
    const before = await memory.stats();
    const again = await memory.ingest(turns);
    expect(again.episodes).toBe(0);
    expect(await memory.stats()).toEqual(before);
  });

  it("rebuilds a rewritten episode's entities, notes and hyperedge from its new text, closing what the old text built", async () => {
    let now = Date.UTC(2024, 5, 1);
    memory = await createMemory({ clock: () => now });
    await memory.ingest(turns);
    const ns = "default";
    const derived = async (kind: string, at = now) => {
      const edges = await memory!.stores.graph.findEdges({ ns, nodeId: "t1", kinds: [kind], limit: 50, view: { validAt: at, knownAt: at } });
      return edges.map((e) => (e.from === "t1" ? e.to : e.from)).sort();
    };
    const entity = (key: string) => `entity:${key}`;
    const before = now;
    expect(await derived("mentions")).toContain(entity("porto"));
    const [oldNote] = await derived("derived_from");
    const [oldUnit] = await derived("member");
    expect(oldNote && oldUnit).toBeTruthy();
    const eventBefore = await derived("part_of");

    now += 60_000;
    const rewrite = { ...turns[1]!, text: "Amazing! I signed the lease on a bakery in Lisbon with Maria Silva last week." };
    const report = await memory.ingest([rewrite]);
    expect(report).toMatchObject({ episodes: 0, rebuilt: 1, retired: 2 });
    expect(await derived("mentions")).toEqual(expect.arrayContaining([entity("lisbon"), entity("maria silva")]));
    expect(await derived("mentions")).not.toContain(entity("porto"));
    const [newNote] = await derived("derived_from");
    expect(newNote).not.toBe(oldNote);
    expect((await memory.get(newNote!))!.text).toContain("Lisbon");
    expect((await memory.get(oldNote!))!.time.validTo).toBe(now);
    expect((await memory.get(oldUnit!))!.time.validTo).toBe(now);
    expect(await derived("member")).not.toContain(oldUnit);
    expect(await derived("part_of")).toEqual(eventBefore); // its place in the conversation did not change
    // Bi-temporal: looking from before the rewrite still shows what the old text built.
    expect(await derived("mentions", before)).toContain(entity("porto"));
    expect(await derived("derived_from", before)).toEqual([oldNote]);
    // The same rewrite again changes nothing.
    expect(await memory.ingest([rewrite])).toMatchObject({ episodes: 0, rebuilt: 0, retired: 0 });
  });

  it("rebuilds rewritten and builds new episodes in one batch; a new date alone rebuilds nothing; closed notes are not re-embedded", async () => {
    let now = Date.UTC(2024, 5, 1);
    const embedded: string[] = [];
    const hash = (await import("../embed/hash-embedder.js")).hashEmbedder();
    memory = await createMemory({ clock: () => now, embedder: { ...hash, embed: async (texts: readonly string[]) => { embedded.push(...texts); return hash.embed(texts); } } });
    await memory.ingest(turns);
    now += 60_000;
    expect(await memory.ingest(turns.map((t) => ({ ...t, at: t.at + 3_600_000 })))).toMatchObject({ rebuilt: 0, retired: 0 });
    now += 60_000;
    embedded.length = 0;
    const rewrite = { ...turns[1]!, text: "Amazing! I signed the lease on a bakery in Lisbon with Maria Silva last week." };
    const added = { id: "t6", speaker: "Priya", text: "Dr. Okafor found three new turtle nests on Sal island.", thread: "chat", session: "s2", at: Date.UTC(2024, 2, 20, 10, 6) };
    const report = await memory.ingest([added, rewrite]);
    expect(report).toMatchObject({ episodes: 1, rebuilt: 1, retired: 2 });
    const mentions = async (id: string) => (await memory!.stores.graph.findEdges({ ns: "default", nodeId: id, kinds: ["mentions"], limit: 20, view: { validAt: now, knownAt: now } })).map((e) => e.to).sort();
    expect(await mentions("t6")).toEqual(expect.arrayContaining(["entity:okafor", "entity:sal"]));
    expect(await mentions("t1")).toEqual(expect.arrayContaining(["entity:lisbon", "entity:maria silva"]));
    expect(await mentions("t1")).not.toContain("entity:okafor");
    // Embedded: the two turns, once each, and the new notes; nothing for the notes and unit being closed.
    expect(embedded.filter((t) => t.includes("bakery in Porto"))).toEqual([]);
    expect(embedded.filter((t) => t.includes("bakery in Lisbon")).length).toBeGreaterThanOrEqual(2); // the turn and its new note
  });

  it("replaces a rewritten turn's line in its event's text, also in an event new turns extend in the same batch", async () => {
    let now = Date.UTC(2024, 5, 1);
    memory = await createMemory({ clock: () => now });
    await memory.ingest(turns);
    const eventOf = async (id: string) => {
      const [part] = await memory!.stores.graph.findEdges({ ns: "default", nodeId: id, kinds: ["part_of"], limit: 5, view: { validAt: now, knownAt: now } });
      return (await memory!.get(part!.to))!;
    };
    now += 60_000;
    const s1 = { ...turns[1]!, text: "I signed the lease on a bakery in Lisbon last week." };
    const s2 = { ...turns[5]!, text: "That's sad. The storms flooded the harbour in Lisbon too." };
    const added = { id: "t6", speaker: "Priya", text: "The storms also damaged the turtle nests on Sal.", thread: "chat", session: "s2", at: Date.UTC(2024, 2, 20, 10, 6) };
    await memory.ingest([s1, s2, added]);
    const first = await eventOf("t1");
    expect(first.text).toContain("Tomas: I signed the lease on a bakery in Lisbon last week.");
    expect(first.text).not.toContain("bakery in Porto");
    const second = await eventOf("t5");
    expect(second.id).toBe((await eventOf("t6")).id); // t6 extended t5's event in the same commit
    expect(second.text).toContain("Tomas: That's sad. The storms flooded the harbour in Lisbon too.");
    expect(second.text).toContain("Priya: The storms also damaged the turtle nests on Sal.");
    expect(second.text).not.toContain("harbour in Porto");
    // Its index follows: BM25 no longer finds it by the old line's "Porto" (t2, in the first event, still says it).
    const byWord = (await memory.search("Porto", { kinds: ["event"], weights: { bm25: 1, vector: 0 } })).map((h) => h.id);
    expect(byWord).toContain(first.id);
    expect(byWord).not.toContain(second.id);
  });

  it("leaves a unit an application merged with another as it is, and reopens what a rewrite closed when its source is erased", async () => {
    let now = Date.UTC(2024, 5, 1);
    memory = await createMemory({ clock: () => now });
    const alice = { id: "alice", type: "user" as const };
    await memory.ingest(turns.map((t) => ({ ...t, source: alice })));
    const unitOf = async (id: string) => (await memory!.stores.graph.findEdges({ ns: "default", nodeId: id, kinds: ["member"], limit: 20, view: { validAt: now, knownAt: now } })).filter((e) => e.to === id).map((e) => e.from);
    const noteOf = async (id: string) => (await memory!.stores.graph.findEdges({ ns: "default", nodeId: id, kinds: ["derived_from"], limit: 20, view: { validAt: now, knownAt: now } })).map((e) => e.from);
    const [u0] = await unitOf("t0");
    const [u4] = await unitOf("t4");
    const merged = await memory.hypergraph().merge(u0!, u4!);
    now += 60_000;
    const [oldNote] = await noteOf("t1");
    const report = await memory.ingest([{ ...turns[4]!, text: "Dr. Okafor says the turtle nests on Sal are recovering after the storms.", source: { id: "bob", type: "user" } }, { ...turns[1]!, text: "I signed the lease on a bakery in Lisbon with Maria Silva.", source: { id: "bob", type: "user" } }]);
    expect(report.rebuilt).toBe(2);
    expect((await memory.get(merged.id))!.time.validTo).toBeNull(); // t0 and t4 share it: the application's now
    expect(await unitOf("t0")).toContain(merged.id);
    expect((await memory.get(oldNote!))!.time.validTo).toBe(now);
    now += 60_000;
    await memory.eraseSource("bob");
    expect((await memory.get(oldNote!))!.time.validTo).toBeNull(); // the rewrite's closing went with bob
  });

  it("makes the same events from turns ingested one at a time as from one batch, extending a thread's open event", async () => {
    const bread = ["I baked sourdough bread this morning.", "How did the bread turn out?", "The bread crust was perfect, the crumb a bit dense.", "Maybe the bread needs a longer proof.", "I will try a longer proof for the bread next time.", "Changing topic: the turtle nests on the beach are declining.", "Why are the turtle nests declining?", "Erosion on the beach and the turtle nests lost to storms."]
      .map((text, i) => ({ id: `b${i}`, text, speaker: i % 2 ? "Ana" : "Bo", thread: "c", session: "s1", at: Date.UTC(2024, 0, 1, 9, i) }));
    const eventsOf = async (m: Memory) => {
      const events = await m.stores.graph.findNodes({ ns: "default", kinds: ["event"], limit: 10 });
      const parts = await m.stores.graph.findEdges({ ns: "default", kinds: ["part_of"], limit: 100 });
      return events.map((e) => parts.filter((p) => p.to === e.id).map((p) => p.from).sort()).sort();
    };
    const whole = await createMemory();
    await whole.ingest(bread);
    memory = await createMemory();
    const reports = [];
    for (const turn of bread) reports.push(await memory.ingest([turn]));
    expect(await eventsOf(memory)).toEqual(await eventsOf(whole));
    expect(await eventsOf(memory)).toEqual([["b0", "b1", "b2", "b3", "b4"], ["b5", "b6", "b7"]]);
    expect(reports.map((r) => r.events)).toEqual([1, 0, 0, 0, 0, 1, 0, 0]); // extending an event makes none
    const [first] = await memory.stores.graph.getNodes({ ns: "default", ids: [(await memory.stores.graph.findEdges({ ns: "default", nodeId: "b4", kinds: ["part_of"], limit: 1 }))[0]!.to] });
    expect(first).toMatchObject({ version: 5, attrs: { episodes: 5, start: bread[0]!.at, end: bread[4]!.at } });
    expect(first!.text).toContain("longer proof for the bread next time");
    expect(first!.text).toContain("I baked sourdough bread");
    expect((await memory.stats()).edges["before"]).toBe(1);
    await whole.close();
  });

  it("extends an event only with episodes of its own source, so erasing a source takes its words out of every event", async () => {
    memory = await createMemory();
    const source = (id: string) => ({ id, type: "user" as const, trust: 0.7 });
    const turn = (i: number, text: string, from: string) => ({ id: `s${i}`, text, speaker: "Ana", thread: "c", session: "s1", at: Date.UTC(2024, 0, 1, 9, i), source: source(from) });
    await memory.ingest([turn(0, "The sourdough bread came out dense.", "alice")]);
    await memory.ingest([turn(1, "Bread needs a longer proof, secret family recipe.", "bob")]);
    await memory.ingest([turn(2, "I will proof the bread overnight.", "alice")]);
    const events = await memory.stores.graph.findNodes({ ns: "default", kinds: ["event"], limit: 10 });
    expect(events.map((e) => e.source.id).sort()).toEqual(["alice", "alice", "bob"]);
    await memory.eraseSource("bob");
    const left = await memory.stores.graph.findNodes({ ns: "default", kinds: ["event"], limit: 10 });
    expect(left).toHaveLength(2);
    for (const e of left) expect(e.text).not.toContain("secret family recipe");
  });

  it("never mixes sources in one event within a batch either, so an erased source leaves no words and no trust behind", async () => {
    memory = await createMemory();
    const source = (id: string, trust: number) => ({ id, type: "user" as const, trust });
    const turn = (i: number, text: string, from: ReturnType<typeof source>) => ({ id: `m${i}`, text, speaker: "Ana", thread: "c", session: "s1", at: Date.UTC(2024, 0, 1, 9, i), source: from });
    const alice = source("alice", 0.9);
    const mallory = source("mallory", 0.2);
    await memory.ingest([
      turn(0, "The sourdough bread came out dense.", alice),
      turn(1, "Bread is best with the wire transfer code 4417.", mallory),
      turn(2, "I will proof the bread overnight.", alice),
    ]);
    const events = await memory.stores.graph.findNodes({ ns: "default", kinds: ["event"], limit: 10 });
    expect(events.map((e) => [e.source.id, e.source.trust])).toEqual(expect.arrayContaining([["alice", 0.9], ["mallory", 0.2]]));
    for (const e of events) if (e.text!.includes("4417")) expect(e.source.id).toBe("mallory");
    await memory.eraseSource("mallory");
    const left = await memory.stores.graph.findNodes({ ns: "default", kinds: ["event"], limit: 10 });
    expect(left.length).toBeGreaterThan(0);
    for (const e of left) expect([e.source.id, e.text!.includes("4417")]).toEqual(["alice", false]);
  });

  it("extends an event keeping what an application set on it, its span growing to its latest turn, and relates it to another thread's once", async () => {
    memory = await createMemory();
    const at = (minute: number) => Date.UTC(2024, 0, 1, 9, minute);
    const turn = (id: string, thread: string, minute: number, text: string) => ({ id, text, speaker: "Ana", thread, session: "s1", at: at(minute) });
    await memory.ingest([turn("a0", "a", 0, "Okafor counted the turtle nests."), turn("b0", "b", 1, "Okafor flew to Boa Vista.")]);
    const eventOf = async (episode: string) => (await memory!.stores.graph.findEdges({ ns: "default", nodeId: episode, kinds: ["part_of"], limit: 1 }))[0]!.to;
    const first = await eventOf("a0");
    await memory.update(first, { attrs: { pinned: true } });
    for (const minute of [2, 3]) await memory.ingest([turn(`a${minute}`, "a", minute, "Okafor says the turtle nests decline."), turn(`b${minute}`, "b", minute, "Okafor mapped the Boa Vista beaches.")]);
    // Out of order in one batch: the event still ends at its latest turn.
    await memory.ingest([turn("a9", "a", 9, "Okafor is back from the turtle nests."), turn("a8", "a", 8, "Okafor counted turtle nests again.")]);
    const [event] = await memory.stores.graph.getNodes({ ns: "default", ids: [first] });
    expect(await eventOf("a9")).toBe(first);
    expect(event!.attrs).toMatchObject({ pinned: true, episodes: 5, start: at(0), end: at(9) });
    const relates = await memory.stores.graph.findEdges({ ns: "default", kinds: ["relates"], limit: 20 });
    expect(relates).toHaveLength(1); // made once, when the two events were; extending both adds none
  });

  it("leaves an event an application wrote without a span alone, and makes a new one beside it", async () => {
    memory = await createMemory();
    await memory.write({ nodes: [{ id: "mine", kind: "event", text: "a hand-written event", attrs: { thread: "c", session: "s1" }, at: Date.UTC(2024, 0, 1, 8, 55) }] });
    const report = await memory.ingest([{ id: "t0", text: "Okafor counted the turtle nests.", thread: "c", session: "s1", at: Date.UTC(2024, 0, 1, 9) }]);
    expect(report.events).toBe(1);
    expect((await memory.get("mine"))?.version).toBe(1);
  });

  it("draws a causes edge from an event's opening cue only, not from a cause named later in a turn", async () => {
    memory = await createMemory();
    const at = (day: number) => Date.UTC(2024, 0, day, 9);
    await memory.ingest([
      { id: "a1", text: "We adopted a puppy last week.", thread: "c", session: "s1", at: at(1) },
      { id: "a2", text: "That's why we moved to a flat with a garden. It is near the park.", thread: "c", session: "s2", at: at(5) },
      { id: "a3", text: "My laptop died. I got a new one thanks to a discount.", thread: "c", session: "s3", at: at(9) },
      { id: "a4", text: "Dr. Okafor cancelled the survey, which is why we stayed home.", thread: "c", session: "s4", at: at(12) },
    ], { structures: ["events"] });
    const causes = await memory.stores.graph.findEdges({ ns: "default", kinds: ["causes"], limit: 10 });
    const eventOf = async (episode: string) => (await memory!.stores.graph.neighbors({ ns: "default", ids: [episode], direction: "out", edgeKinds: ["part_of"] }))[0]!.neighbor;
    expect(causes.map((e) => [e.from, e.to, e.attrs.cue]).sort()).toEqual([
      [await eventOf("a1"), await eventOf("a2"), "that's why"],
      [await eventOf("a3"), await eventOf("a4"), "which is why"], // "Dr." does not end the opening sentence
    ].sort());
  });

  it("navigates events toward a goal, following relations only while they add new evidence", async () => {
    memory = await createMemory();
    await memory.ingest(turns);
    const found = await memory.navigateEvents("turtle nests on Boa Vista", { maxEvents: 3 });
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]!.via).toBeNull();
    const episodes = found.flatMap((e) => e.newEpisodes);
    expect(new Set(episodes).size).toBe(episodes.length); // no episode counted twice
    expect(episodes.some((id) => id === "t4" || id === "t0")).toBe(true);
    await memory.retract(found[0]!.id); // no longer believed: not evidence
    expect((await memory.navigateEvents("turtle nests on Boa Vista", { maxEvents: 3 })).map((e) => e.id)).not.toContain(found[0]!.id);
  });
});
