/** LoCoMo: shape validation with JSON paths, turns → episodes, evidence cleaning, and the real file's counts. */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import { cleanEvidence, parseLocomo, parseLocomoDate, readLocomo } from "./locomo.js";

const dir = mkdtempSync(join(tmpdir(), "hippograph-locomo-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sample(overrides: Record<string, unknown> = {}) {
  return {
    sample_id: "conv-x",
    conversation: {
      speaker_a: "Ann", speaker_b: "Bo",
      session_2_date_time: "12:05 am on 3 June, 2024",
      session_2: [{ speaker: "Bo", dia_id: "D2:1", text: "Later." }],
      session_1_date_time: "4:05 pm on 2 March, 2024",
      session_1: [
        { speaker: "Ann", dia_id: "D1:1", text: "Hi Bo!" },
        { speaker: "Bo", dia_id: "D1:2", text: "Look at this.", img_url: ["http://x"], blip_caption: "a photo of a cat" },
      ],
    },
    qa: [
      { question: "Q1", answer: "A1", evidence: ["D1:2; D2:01"], category: 1 },
      { question: "Q2", adversarial_answer: "no", evidence: ["D:1:1", "D9:9"], category: 5 },
      { question: "Q3", answer: 2023, evidence: ["D"], category: 2 },
    ],
    ...overrides,
  };
}

function errorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error("expected a ValidationError");
}

describe("parseLocomo", () => {
  it("turns each turn into an episode with a stable id, session order and a time one second apart", () => {
    const [c] = parseLocomo([sample()]);
    expect(c!.sampleId).toBe("conv-x");
    expect(c!.speakers).toEqual(["Ann", "Bo"]);
    expect(c!.episodes.map((e) => e.id)).toEqual(["conv-x:D1:1", "conv-x:D1:2", "conv-x:D2:1"]);
    const start = Date.UTC(2024, 2, 2, 16, 5);
    expect(c!.episodes[0]).toEqual({
      id: "conv-x:D1:1", text: "Hi Bo!", speaker: "Ann", thread: "conv-x", session: "session_1", at: start,
      source: { id: "conv-x", type: "user" }, attrs: { diaId: "D1:1" },
    });
    expect(c!.episodes[1]!.at).toBe(start + 1000);
    expect(c!.episodes[1]!.text).toBe("Look at this. [shares a photo: a photo of a cat]");
    expect(c!.episodes[2]!.at).toBe(Date.UTC(2024, 5, 3, 0, 5));
  });

  it("cleans evidence and keeps only turns that exist", () => {
    const [c] = parseLocomo([sample()]);
    expect(c!.questions).toEqual([
      { question: "Q1", answer: "A1", adversarialAnswer: null, evidence: ["D1:2", "D2:1"], category: 1 },
      { question: "Q2", answer: null, adversarialAnswer: "no", evidence: ["D1:1"], category: 5 },
      { question: "Q3", answer: "2023", adversarialAnswer: null, evidence: [], category: 2 },
    ]);
  });

  it("names the JSON path of a bad field", () => {
    const bad = sample();
    (bad.conversation.session_1[1] as Record<string, unknown>).text = 7;
    const error = errorOf(() => parseLocomo([sample(), bad]));
    expect(error.issues[0]!.path).toBe("[1].conversation.session_1[1].text");
    expect(errorOf(() => parseLocomo([sample({ qa: "none" })])).issues[0]!.path).toBe("[0].qa");
    expect(errorOf(() => parseLocomo({})).issues[0]!.path).toBe("(root)");
  });

  it("rejects unparseable session dates, duplicate dia_ids and over-size text", () => {
    const badDate = sample();
    badDate.conversation.session_2_date_time = "sometime in June";
    expect(errorOf(() => parseLocomo([badDate])).issues[0]).toMatchObject({ path: "[0].conversation.session_2_date_time", message: expect.stringContaining("not a LoCoMo date") });
    const dup = sample();
    dup.conversation.session_2[0]!.dia_id = "D1:1";
    expect(errorOf(() => parseLocomo([dup])).issues[0]!.path).toBe("[0].conversation.session_2[0].dia_id");
    const long = errorOf(() => parseLocomo([sample()], { limits: { maxTextChars: 8 } }));
    expect(long.issues[0]!.path).toBe("[0].conversation.session_1[1].text");
  });

  it("reports malformed JSON from a file", async () => {
    const path = join(dir, "broken.json");
    writeFileSync(path, "[{");
    await expect(readLocomo(path)).rejects.toMatchObject({ code: "VALIDATION", issues: [{ path: "(root)", message: expect.stringContaining("invalid JSON") }] });
  });
});

describe("LoCoMo fields", () => {
  it("parses the LoCoMo date format as UTC", () => {
    expect(parseLocomoDate("4:05 pm on 2 March, 2024")).toBe(Date.UTC(2024, 2, 2, 16, 5));
    expect(parseLocomoDate("12:40 am on 21 October, 2024")).toBe(Date.UTC(2024, 9, 21, 0, 40));
    expect(parseLocomoDate("12:30 pm on 1 Jan, 2024")).toBe(Date.UTC(2024, 0, 1, 12, 30));
    expect(parseLocomoDate("4:05 pm on 31 June, 2024")).toBeUndefined();
    expect(parseLocomoDate("13:00 pm on 2 June, 2021")).toBeUndefined();
    expect(parseLocomoDate("2023-05-08")).toBeUndefined();
  });

  it("cleans malformed evidence of the kinds the data set's README lists (made-up ids)", () => {
    expect(cleanEvidence(["D3:2; D7:14", "D:12:5", "D20:07", "D5:1 D2:3,D2:8", "D", "D3:2"])).toEqual(["D3:2", "D7:14", "D12:5", "D20:7", "D5:1", "D2:3", "D2:8"]);
  });
});

// The real file lives outside the repository (licence: CC BY-NC; never copied in).
const REAL = resolve(import.meta.dirname, "../../../../shared/data/locomo10.json");

describe("the real locomo10.json", () => {
  if (!existsSync(REAL)) console.log(`skipping the real LoCoMo test: ${REAL} is absent`);
  it.skipIf(!existsSync(REAL))("has 10 conversations, 5,882 turns, 1,986 questions, 1,982 with usable evidence", async () => {
    const conversations = await readLocomo(REAL);
    expect(conversations).toHaveLength(10);
    expect(conversations.reduce((n, c) => n + c.episodes.length, 0)).toBe(5882);
    const questions = conversations.flatMap((c) => c.questions);
    expect(questions).toHaveLength(1986);
    expect(questions.filter((q) => q.evidence.length > 0)).toHaveLength(1982);
    for (const c of conversations) {
      const ids = new Set(c.episodes.map((e) => e.attrs!["diaId"]));
      for (const q of c.questions) for (const e of q.evidence) expect(ids.has(e)).toBe(true);
    }
  });
});
