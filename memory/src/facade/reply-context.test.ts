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

describe("reply context", () => {
  it("indexes an answer with the question before it, so the question's words find the answer", async () => {
    const m = await memory();
    await m.addEpisodes([
      { id: "q", text: "Love the photo! How often do you go bouldering?", speaker: "Ines", thread: "c", session: "s1", at: at(0) },
      { id: "a", text: "Three times a week, usually after work.", speaker: "Tomas", thread: "c", session: "s1", at: at(1) },
      { id: "x", text: "We went to the market on Sunday.", speaker: "Ines", thread: "c", session: "s1", at: at(2) },
    ]);
    expect((await m.get("a"))?.attrs[IN_REPLY_TO]).toBe("How often do you go bouldering?");
    expect((await m.get("x"))?.attrs[IN_REPLY_TO]).toBeUndefined(); // "a" asked nothing
    const hits = await m.search("how often bouldering", { k: 3, weights: { bm25: 1, vector: 0 } });
    expect(hits.map((h) => h.id).sort()).toEqual(["a", "q"]);
  });

  it("reads the question from the thread's latest stored turn when the answer comes in a later call", async () => {
    const m = await memory();
    await m.addEpisodes([{ id: "q", text: "Which trail did you take?", speaker: "Ines", thread: "c", at: at(0) }]);
    await m.addEpisodes([{ id: "a", text: "The ridge one.", speaker: "Tomas", thread: "c", at: at(1) }]);
    expect((await m.get("a"))?.attrs[IN_REPLY_TO]).toBe("Which trail did you take?");
  });

  it("adds none across sessions, after the same speaker, or where the caller set one", async () => {
    const m = await memory();
    await m.addEpisodes([
      { id: "q1", text: "Shall we meet on Friday?", speaker: "Ines", thread: "c", session: "s1", at: at(0) },
      { id: "n1", text: "Hi again, it has been a month.", speaker: "Tomas", thread: "c", session: "s2", at: at(1) },
      { id: "q2", text: "Did the parcel arrive?", speaker: "Tomas", thread: "c", session: "s2", at: at(2) },
      { id: "n2", text: "I mean the blue one.", speaker: "Tomas", thread: "c", session: "s2", at: at(3) },
      { id: "q3", text: "Is it raining there?", speaker: "Ines", thread: "c", session: "s2", at: at(4) },
      { id: "n3", text: "Not at all.", speaker: "Tomas", thread: "c", session: "s2", at: at(5), attrs: { [IN_REPLY_TO]: "set by the caller" } },
    ]);
    expect((await m.get("n1"))?.attrs[IN_REPLY_TO]).toBeUndefined();
    expect((await m.get("n2"))?.attrs[IN_REPLY_TO]).toBeUndefined();
    expect((await m.get("n3"))?.attrs[IN_REPLY_TO]).toBe("set by the caller");
  });

  it("keeps re-ingest idempotent, and keeps the context when a turn's text is corrected", async () => {
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
    expect(corrected?.attrs[IN_REPLY_TO]).toBe("What did the vet say?");
    const hits = await m.search("what did the vet say", { k: 2, weights: { bm25: 1, vector: 0 } });
    expect(hits.map((h) => h.id).sort()).toEqual(["a", "q"]);
  });
});
