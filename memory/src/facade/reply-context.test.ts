import { afterEach, describe, expect, it } from "vitest";
import { createMemory } from "./create-memory.js";
import type { Memory } from "./memory.js";
import { IN_REPLY_TO } from "./reply-context.js";

const open: Memory[] = [];
async function memory(): Promise<Memory> {
  const m = await createMemory();
  open.push(m);
  return m;
}
afterEach(async () => {
  for (const m of open.splice(0)) await m.close();
});

const at = (minute: number) => `2024-03-01T10:${String(minute).padStart(2, "0")}:00Z`;
/** A turn of thread "c" at 10:`minute`; `more` sets the session, another thread, a source or attrs. */
const turn = (id: string, minute: number, text: string, speaker?: string, more: Record<string, unknown> = {}) =>
  ({ id, text, ...(speaker === undefined ? {} : { speaker }), thread: "c", at: at(minute), ...more });
const lexical = { weights: { bm25: 1, vector: 0 } } as const;
/** The episodes BM25 finds (ingest also writes notes and events, which may match too). */
async function found(m: Memory, query: string, ns?: string): Promise<string[]> {
  return (await m.search(query, { k: 5, kinds: ["episode"], ...lexical, ...(ns ? { ns } : {}) })).map((h) => h.id).sort();
}

describe("reply context", () => {
  it("indexes an answer with the question before it, so the question's words find the answer", async () => {
    const m = await memory();
    await m.addEpisodes([
      turn("q", 0, "Love the photo! How often do you go bouldering?", "Ines", { session: "s1" }),
      turn("a", 1, "Three times a week, usually after work.", "Tomas", { session: "s1" }),
      turn("x", 2, "We went to the market on Sunday.", "Ines", { session: "s1" }),
    ]);
    expect((await m.get("a"))?.attrs[IN_REPLY_TO]).toBe("q"); // the turn's id: its words stay in that turn
    expect((await m.get("x"))?.attrs[IN_REPLY_TO]).toBeUndefined(); // "a" asked nothing
    expect(await found(m, "how often bouldering")).toEqual(["a", "q"]);
    expect(await found(m, "love the photo")).toEqual(["q"]); // only the question sentences travel
  });

  it("reads the question from the thread's latest stored turn when the answer comes in a later call, also through ingest", async () => {
    const m = await memory();
    await m.ingest([turn("q", 0, "Which trail did you take?", "Ines")]);
    await m.ingest([turn("a", 1, "The ridge one.", "Tomas")]);
    expect((await m.get("a"))?.attrs[IN_REPLY_TO]).toBe("q");
    expect(await found(m, "which trail")).toEqual(["a", "q"]);
  });

  it("indexes the answer from the stored question it already read to find the thread's tail, without reading it again", async () => {
    for (const write of ["addEpisodes", "ingest"] as const) {
      const m = await memory();
      await m[write]([turn("q", 0, "Which trail did you take?", "Ines")]);
      const graph = m.stores.graph;
      const read: string[] = [];
      const getNodes = graph.getNodes.bind(graph);
      graph.getNodes = (query) => (read.push(...query.ids), getNodes(query));
      await m[write]([turn("a", 1, "The ridge one.", "Tomas")]);
      expect(read).not.toContain("q");
      expect(await found(m, "which trail")).toEqual(["a", "q"]);
    }
  });

  it("adds none across sessions or after the same speaker, keeps what the caller set, and counts unnamed turns as alternating", async () => {
    const m = await memory();
    await m.addEpisodes([
      turn("q1", 0, "Shall we meet on Friday?", "Ines", { session: "s1" }),
      turn("n1", 1, "Hi again, it has been a month.", "Tomas", { session: "s2" }),
      turn("q2", 2, "Did the parcel arrive?", "Tomas", { session: "s2" }),
      turn("n2", 3, "I mean the blue one.", "Tomas", { session: "s2" }),
      turn("q3", 4, "Is it raining there?", "Ines", { session: "s2" }),
      turn("n3", 5, "Not at all.", "Tomas", { session: "s2", attrs: { [IN_REPLY_TO]: "q1" } }),
      turn("t1", 6, "Which port is the service on?", undefined, { thread: "log" }),
      turn("t2", 7, "8080, behind the proxy.", undefined, { thread: "log" }),
    ]);
    expect((await m.get("n1"))?.attrs[IN_REPLY_TO]).toBeUndefined();
    expect((await m.get("n2"))?.attrs[IN_REPLY_TO]).toBeUndefined();
    expect((await m.get("n3"))?.attrs[IN_REPLY_TO]).toBe("q1");
    expect(await found(m, "meet on friday")).toEqual(["n3", "q1"]);
    expect((await m.get("t2"))?.attrs[IN_REPLY_TO]).toBe("t1");
  });

  it("keeps re-ingest idempotent, and keeps the reply's question when its own text is corrected", async () => {
    const m = await memory();
    const turns = [
      turn("q", 0, "What did the vet say?", "Ines"),
      turn("a", 1, "All fine, just a sprain.", "Tomas"),
    ];
    await m.addEpisodes(turns);
    await m.addEpisodes(turns);
    expect((await m.get("a"))?.version).toBe(1);
    await m.addEpisodes([{ ...turns[1]!, text: "All fine, only a mild sprain." }]);
    const corrected = await m.get("a");
    expect(corrected?.version).toBe(2);
    expect(corrected?.attrs[IN_REPLY_TO]).toBe("q");
    expect(await found(m, "what did the vet say")).toEqual(["a", "q"]);
  });

  it("judges a stored turn by the text the same batch corrects it to", async () => {
    const m = await memory();
    await m.addEpisodes([turn("q", 0, "The ferry leaves at nine.", "Ines")]);
    await m.addEpisodes([
      turn("q", 0, "Does the ferry leave at nine?", "Ines"),
      turn("a", 1, "Yes, from pier two.", "Tomas"),
    ]);
    expect((await m.get("a"))?.attrs[IN_REPLY_TO]).toBe("q");
    expect(await found(m, "ferry nine")).toEqual(["a", "q"]);
  });

  it("re-indexes the replies when the question is edited or its source erased, and no history keeps the question's words", async () => {
    const m = await memory();
    await m.addEpisodes([turn("q", 0, "Where did you park the van?", "Ines", { source: { id: "ines" } })]);
    await m.addEpisodes([turn("a", 1, "Behind the bakery.", "Tomas", { source: { id: "tomas" } })]);
    expect(await found(m, "park van")).toEqual(["a", "q"]);
    await m.update("q", { text: "Where did you leave the bicycle?" });
    expect(await found(m, "park van")).toEqual([]);
    expect(await found(m, "bicycle")).toEqual(["a", "q"]);
    await m.eraseSource("ines");
    expect(await m.get("q")).toBeUndefined();
    expect(await found(m, "bicycle")).toEqual([]);
    expect(await found(m, "bakery")).toEqual(["a"]);
    expect(JSON.stringify(await m.history("a"))).not.toMatch(/bicycle|park/);
  });

  it("re-indexes a reply the caller linked to any turn, not only the one before it, when that turn changes or goes", async () => {
    const m = await memory();
    await m.addEpisodes([
      turn("q", 0, "Shall we meet on Friday?", "Ines", { source: { id: "ines" } }),
      turn("x", 1, "Also the weather is nice.", "Ines"),
      turn("n", 2, "Not at all.", "Tomas", { attrs: { [IN_REPLY_TO]: "q" } }),
    ]);
    expect(await found(m, "meet friday")).toEqual(["n", "q"]);
    await m.update("q", { text: "Shall we go sailing?" });
    expect(await found(m, "meet friday")).toEqual([]);
    expect(await found(m, "go sailing")).toEqual(["n", "q"]);
    await m.eraseSource("ines");
    expect(await found(m, "go sailing")).toEqual([]);
    expect(await found(m, "not at all")).toEqual(["n"]);
  });

  it("finds the replies of a large erasure too, where one pass over the namespace replaces a query per turn", async () => {
    const m = await memory();
    const notes = Array.from({ length: 20 }, (_, i) => turn(`b${i}`, i, `Bulletin ${i}: is the harbour crane ${i} free?`, undefined, { thread: "board", source: { id: "board" } }));
    await m.addEpisodes([...notes, turn("r", 30, "Booked it.", "Tomas", { thread: "chat", attrs: { [IN_REPLY_TO]: "b7" } })]);
    expect(await found(m, "harbour crane 7")).toContain("r");
    await m.eraseSource("board");
    expect(await found(m, "harbour crane")).toEqual([]);
    expect(await found(m, "booked")).toEqual(["r"]);
  });

  it("continues a thread from the turn before a retracted one", async () => {
    const m = await memory();
    await m.addEpisodes([
      turn("q", 0, "Can you bring the tent?", "Ines"),
      turn("w", 1, "Wrong chat, sorry! Is the meeting at five?", "Ines"),
    ]);
    await m.retract("w");
    await m.addEpisodes([turn("a", 2, "Sure, and the stove.", "Tomas")]);
    expect((await m.get("a"))?.attrs[IN_REPLY_TO]).toBe("q");
    const chain = await m.stores.graph.neighbors({ ns: "default", ids: ["q"], direction: "out", edgeKinds: ["next"] });
    expect(chain.map((r) => r.neighbor).sort()).toEqual(["a", "w"]);
    // Retracting the question later takes its words out of the reply's document too.
    expect(await found(m, "bring the tent")).toEqual(["a", "q"]);
    await m.retract("q");
    expect(await found(m, "bring the tent")).toEqual([]);
    expect(await found(m, "stove")).toEqual(["a"]);
  });

  it("never reads a question across namespaces", async () => {
    const m = await memory();
    await m.addEpisodes([turn("q", 0, "Is the lab open on Sunday?", "Ines")], { ns: "one" });
    await m.addEpisodes([turn("a", 1, "Only in the morning.", "Tomas")], { ns: "two" });
    expect((await m.get("a", { ns: "two" }))?.attrs[IN_REPLY_TO]).toBeUndefined();
    expect(await found(m, "lab open sunday", "two")).toEqual([]);
  });
});
