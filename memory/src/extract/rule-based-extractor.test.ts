/**
 * The rule-based extractor on hand-written conversation turns: typed entities with canonical keys,
 * A-MEM's keyword rules (no speakers, no dates), dates resolved against each item's `at` in UTC,
 * relations with the speaker's "I" resolved, determinism and the empty text.
 */
import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import type { ExtractionInput } from "../ports/extractor.js";
import { ruleBasedExtractor } from "./rule-based-extractor.js";

/** 2024-03-09 14:00 UTC, a Saturday. */
const AT = Date.UTC(2024, 2, 9, 14, 0);

async function one(text: string, extra: Partial<ExtractionInput> = {}, options = {}) {
  const [out] = await ruleBasedExtractor(options).extract([{ id: "x", text, at: AT, ...extra }]);
  return out!;
}

describe("ruleBasedExtractor", () => {
  it("finds typed entities, a resolved date, keywords and a relation", async () => {
    const out = await one("Dr. Okafor got us a permit to survey the beaches on Boa Vista last May.", { speaker: "Ines" });
    expect(out.id).toBe("x");
    expect(out.entities).toEqual([
      { name: "Dr. Okafor", key: "okafor", type: "person" },
      { name: "Boa Vista", key: "boa vista", type: "place" },
    ]);
    // Said in March 2024, "last May" is May 2023.
    expect(out.dates).toEqual([{ text: "last May", at: Date.UTC(2023, 4, 1), grain: "month" }]);
    expect(out.keywords.slice(0, 4)).toEqual(["boa vista", "okafor", "permit", "beach"]);
    expect(out.keywords).not.toContain("may");
    expect(out.nounPhrases).toEqual(["permit", "beaches"]);
    expect(out.relations).toEqual([{ subject: "okafor", predicate: "get", object: "permit" }]);
  });

  it("keeps every speaker of the batch, and their nicknames, out of the keywords", async () => {
    const items = [
      { id: "a", text: "Ines went to the chess club tournament yesterday and it was so exciting!", at: AT, speaker: "Valentina" },
      { id: "b", text: "Hey Val! I just signed up for the woodcarving class at Riverside Community Center.", at: AT, speaker: "Ines" },
    ];
    const [a, b] = await ruleBasedExtractor().extract(items);
    expect(a!.entities).toContainEqual({ name: "Ines", key: "ines", type: "person" });
    expect(a!.keywords).toEqual(["tournament", "chess", "club", "exciting"]);
    expect(a!.relations).toEqual([{ subject: "ines", predicate: "go to", object: "chess club tournament" }]);
    expect(b!.entities).toEqual([
      { name: "Val", key: "val", type: "person" },
      { name: "Riverside Community Center", key: "riverside community center", type: "place" },
    ]);
    expect(b!.keywords).not.toContain("val");
    expect(b!.keywords.slice(0, 2)).toEqual(["riverside community center", "woodcarving"]);
    // The speaker's "I" is the speaker.
    expect(b!.relations).toEqual([{ subject: "ines", predicate: "sign up for", object: "woodcarving class" }]);

    // Alone, with no speakers known, Ines is just a name and may be a keyword.
    const alone = await one(items[0]!.text);
    expect(alone.keywords).toContain("ines");
    // Addressed by name, she is the other speaker even when the batch does not say so.
    const addressed = await one("Thanks, Ines! We went hiking at Zion National Park.");
    expect(addressed.entities.map((e) => [e.key, e.type])).toEqual([["ines", "person"], ["zion national park", "place"]]);
    expect(addressed.keywords).toEqual(["zion national park", "hiking"]);
    expect(addressed.nounPhrases).toEqual(["hiking"]);
  });

  it("takes known people from its options", async () => {
    expect((await one("Yesterday Sarah cooked dinner.")).entities).toEqual([{ name: "Sarah", key: "sarah", type: "other" }]);
    const out = await one("Yesterday Sarah cooked dinner.", {}, { people: ["Sarah Lee"] });
    expect(out.entities).toEqual([{ name: "Sarah", key: "sarah", type: "person" }]);
    expect(out.keywords).toEqual(["dinner", "cook"]);
  });

  it("types entities by cues: kin words, suffixes, places, events", async () => {
    const out = await one("My friend Jo and I visited the Louvre in Paris, then met people from Acme Corp at the Pride parade.");
    const types = Object.fromEntries(out.entities.map((e) => [e.key, e.type]));
    expect(types).toEqual({ jo: "person", louvre: "place", paris: "place", "acme corp": "organization", pride: "event" });
    expect((await one("My sister works at Google now.")).entities).toEqual([{ name: "Google", key: "google", type: "organization" }]);
    const more = await one('My grandma is from Sweden. We read "Charlotte\'s Web" together at Stanford University.');
    expect(more.entities).toEqual([
      { name: "Sweden", key: "sweden", type: "place" },
      { name: "Charlotte's Web", key: "charlotte web", type: "thing" },
      { name: "Stanford University", key: "stanford university", type: "organization" },
    ]);
  });

  it("resolves relative and absolute dates against the item's time, in UTC", async () => {
    const dates = async (text: string, at: number | null = AT) => (await one(text, { at: at ?? undefined })).dates.map(({ at: t, grain, text: s }) => [s, new Date(t).toISOString().slice(0, 16), grain]);
    expect(await dates("Google bought Fitbit in 2022, and I moved the week before.")).toEqual([
      ["in 2022", "2022-01-01T00:00", "year"],
      ["the week before", "2024-03-02T00:00", "day"],
    ]);
    expect(await dates("We went camping last summer and again two weeks ago.")).toEqual([
      ["last summer", "2023-06-01T00:00", "month"],
      ["two weeks ago", "2024-02-24T00:00", "day"],
    ]);
    expect(await dates("I'll call you tomorrow at 3pm, not next year.")).toEqual([
      ["tomorrow at 3pm", "2024-03-10T15:00", "time"],
      ["next year", "2025-01-01T00:00", "year"],
    ]);
    // With no reference time only what needs none is kept.
    expect(await dates("It came out on 8 May, 2023, and I read it yesterday.", null)).toEqual([
      ["on 8 May, 2023", "2023-05-08T00:00", "day"],
    ]);
    // Words that only look like dates, and a duration.
    expect(await dates("I may go, we march at 10 and sat down.")).toEqual([]);
    expect(await dates("We have lived on this street for 5 years; we moved in back in 2018.")).toEqual([["in 2018", "2018-01-01T00:00", "year"]]);
    expect(await dates("I ran a race last Saturday, it was fun.")).toEqual([["last Saturday", "2024-03-02T00:00", "day"]]);
  });

  it("does not depend on the process's time zone", async () => {
    const text = "I saw her yesterday evening and we talked about last May.";
    const before = await one(text);
    const tz = process.env.TZ;
    try {
      process.env.TZ = "Pacific/Kiritimati";
      expect(await one(text)).toEqual(before);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it("is deterministic and keeps input order and ids", async () => {
    const items = ["Valentina painted a sunset over the lake.", "Google bought Fitbit.", "Wow, that's awesome!"].map((text, i) => ({ id: `t${i}`, text, at: AT }));
    const first = await ruleBasedExtractor().extract(items);
    const second = await ruleBasedExtractor().extract(items);
    expect(second).toEqual(first);
    expect(first.map((e) => e.id)).toEqual(["t0", "t1", "t2"]);
    expect(first[1]!.relations).toEqual([{ subject: "google", predicate: "buy", object: "fitbit" }]);
    expect(first[2]!.keywords).toEqual([]);
  });

  it("states no relation from a negated clause", async () => {
    expect((await one("I didn't go to the woodcarving class.", { speaker: "Ines" })).relations).toEqual([]);
    expect((await one("I never painted a sunset.", { speaker: "Ines" })).relations).toEqual([]);
    expect((await one("I painted a sunset.", { speaker: "Ines" })).relations).toEqual([
      { subject: "ines", predicate: "paint", object: "sunset" },
    ]);
  });

  it("returns empty results for empty text and caps keywords", async () => {
    expect(await one("   ")).toEqual({ id: "x", entities: [], keywords: [], dates: [], nounPhrases: [], relations: [] });
    expect(await ruleBasedExtractor().extract([])).toEqual([]);
    expect((await one("See you yesterday, on 8 May 2023.", { at: Number.NaN })).dates.map((d) => d.text)).toEqual(["on 8 May 2023"]);
    const out = await one("Astronomy, botany, chemistry, geology, zoology and ecology fascinate curious students.", {}, { maxKeywords: 3 });
    expect(out.keywords).toHaveLength(3);
  });

  it("validates its options", () => {
    expect(() => ruleBasedExtractor({ maxKeywords: -1 })).toThrow(ValidationError);
  });
});
