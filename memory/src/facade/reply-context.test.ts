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
const lexical = { weights: { bm25: 1, vector: 0 } } as const;
/** The episodes BM25 finds (ingest also writes notes and events, which may match too). */
async function found(m: Memory, query: string, ns?: string): Promise<string[]> {
  return (await m.search(query, { k: 5, kinds: ["episode"], ...lexical, ...(ns ? { ns } : {}) })).map((h) => h.id).sort();
}

describe("reply context", () => {
  it("indexes an answer with the question before it, so the question's words find the answer", async () => {
    const m = await memory();
    await m.addEpisodes([
      { id: "q", text: "Love the photo! How often do you go bouldering?", speaker: "Ines", thread: "c", session: "s1", at: at(0) },
      { id: "a", text: "Three times a week, usually after work.", speaker: "Tomas", thread: "c", session: "s1", at: at(1) },
      { id: "x", text: "We went to the market on Sunday.", speaker: "Ines", thread: "c", session: "s1", at: at(2) },
    ]);
    expect((await m.get("a"))?.attrs[IN_REPLY_TO]).toBe("q"); // the turn's id: its words stay in that turn
    expect((await m.get("x"))?.attrs[IN_REPLY_TO]).toBeUndefined(); // "a" asked nothing
    expect(await found(m, "how often bouldering")).toEqual(["a", "q"]);
    expect(await found(m, "love the photo")).toEqual(["q"]); // only the question sentences travel
  });

  it("reads the question from the thread's latest stored turn when the answer comes in a later call, also through ingest", async () => {
    const m = await memory();
    await m.ingest([{ id: "q", text: "Which trail did you take?", speaker: "Ines", thread: "c", at: at(0) }]);
    await m.ingest([{ id: "a", text: "The ridge one.", speaker: "Tomas", thread: "c", at: at(1) }]);
    expect((await m.get("a"))?.attrs[IN_REPLY_TO]).toBe("q");
    expect(await found(m, "which trail")).toEqual(["a", "q"]);
  });

  it("adds none across sessions or after the same speaker, keeps what the caller set, and counts unnamed turns as alternating", async () => {
    const m = await memory();
    await m.addEpisodes([
      { id: "q1", text: "Shall we meet on Friday?", speaker: "Ines", thread: "c", session: "s1", at: at(0) },
      { id: "n1", text: "Hi again, it has been a month.", speaker: "Tomas", thread: "c", session: "s2", at: at(1) },
      { id: "q2", text: "Did the parcel arrive?", speaker: "Tomas", thread: "c", session: "s2", at: at(2) },
      { id: "n2", text: "I mean the blue one.", speaker: "Tomas", thread: "c", session: "s2", at: at(3) },
      { id: "q3", text: "Is it raining there?", speaker: "Ines", thread: "c", session: "s2", at: at(4) },
      { id: "n3", text: "Not at all.", speaker: "Tomas", thread: "c", session: "s2", at: at(5), attrs: { [IN_REPLY_TO]: "q1" } },
      { id: "t1", text: "Which port is the service on?", thread: "log", at: at(6) },
      { id: "t2", text: "8080, behind the proxy.", thread: "log", at: at(7) },
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
      { id: "q", text: "What did the vet say?", speaker: "Ines", thread: "c", at: at(0) },
      { id: "a", text: "All fine, just a sprain.", speaker: "Tomas", thread: "c", at: at(1) },
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
    await m.addEpisodes([{ id: "q", text: "The ferry leaves at nine.", speaker: "Ines", thread: "c", at: at(0) }]);
    await m.addEpisodes([
      { id: "q", text: "Does the ferry leave at nine?", speaker: "Ines", thread: "c", at: at(0) },
      { id: "a", text: "Yes, from pier two.", speaker: "Tomas", thread: "c", at: at(1) },
    ]);
    expect((await m.get("a"))?.attrs[IN_REPLY_TO]).toBe("q");
    expect(await found(m, "ferry nine")).toEqual(["a", "q"]);
  });

  it("re-indexes the replies when the question is edited or its source erased, and no history keeps the question's words", async () => {
    const m = await memory();
    await m.addEpisodes([{ id: "q", text: "Where did you park the van?", speaker: "Ines", thread: "c", at: at(0), source: { id: "ines" } }]);
    await m.addEpisodes([{ id: "a", text: "Behind the bakery.", speaker: "Tomas", thread: "c", at: at(1), source: { id: "tomas" } }]);
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

  it("continues a thread from the turn before a retracted one", async () => {
    const m = await memory();
    await m.addEpisodes([
      { id: "q", text: "Can you bring the tent?", speaker: "Ines", thread: "c", at: at(0) },
      { id: "w", text: "Wrong chat, sorry! Is the meeting at five?", speaker: "Ines", thread: "c", at: at(1) },
    ]);
    await m.retract("w");
    await m.addEpisodes([{ id: "a", text: "Sure, and the stove.", speaker: "Tomas", thread: "c", at: at(2) }]);
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
    await m.addEpisodes([{ id: "q", text: "Is the lab open on Sunday?", speaker: "Ines", thread: "c", at: at(0) }], { ns: "one" });
    await m.addEpisodes([{ id: "a", text: "Only in the morning.", speaker: "Tomas", thread: "c", at: at(1) }], { ns: "two" });
    expect((await m.get("a", { ns: "two" }))?.attrs[IN_REPLY_TO]).toBeUndefined();
    expect(await found(m, "lab open sunday", "two")).toEqual([]);
  });
});
