import { describe, expect, it } from "vitest";
import { mayMentionTime, queryTimeWindows } from "./time-expressions.js";

/** Saturday 15 July 2023, noon UTC. */
const REF = Date.UTC(2023, 6, 15, 12);
const d = (y: number, m: number, day: number) => Date.UTC(y, m - 1, day);

/** The windows of a query as [text, from, to, grain] rows, hand-checkable. */
const windows = (query: string, reference = REF) => queryTimeWindows(query, reference).map((w) => [w.text, w.from, w.to, w.grain]);

describe("queryTimeWindows", () => {
  it("a month: last May, May 2023, last month", () => {
    expect(windows("What did Ines do last May?")).toEqual([["last May", d(2023, 5, 1), d(2023, 6, 1), "month"]]);
    // "last May" in May is the May before.
    expect(windows("What did Ines do last May?", Date.UTC(2023, 4, 20))).toEqual([["last May", d(2022, 5, 1), d(2022, 6, 1), "month"]]);
    expect(windows("Where was Mel in May 2023?")).toEqual([["May 2023", d(2023, 5, 1), d(2023, 6, 1), "month"]]);
    expect(windows("What happened last month?")).toEqual([["last month", d(2023, 6, 1), d(2023, 7, 1), "month"]]);
  });

  it("a year: in 2023, two years ago, last year", () => {
    expect(windows("What did they paint in 2023?")).toEqual([["in 2023", d(2023, 1, 1), d(2024, 1, 1), "year"]]);
    expect(windows("Where did she live two years ago?")).toEqual([["two years ago", d(2021, 1, 1), d(2022, 1, 1), "year"]]);
    expect(windows("What was the trip last year?")).toEqual([["last year", d(2022, 1, 1), d(2023, 1, 1), "year"]]);
  });

  it("a day: on 8 May, 2023, yesterday, last Saturday, a clock time", () => {
    expect(windows("What did Ines do on 8 May, 2023?")).toEqual([["on 8 May, 2023", d(2023, 5, 8), d(2023, 5, 9), "day"]]);
    expect(windows("Who called yesterday?")).toEqual([["yesterday", d(2023, 7, 14), d(2023, 7, 15), "day"]]);
    expect(windows("What did we eat last Saturday?")).toEqual([["last Saturday", d(2023, 7, 8), d(2023, 7, 9), "day"]]);
    expect(windows("Who was there at 3pm on 8 May 2023?")).toEqual([["at 3pm on 8 May 2023", d(2023, 5, 8), d(2023, 5, 9), "day"]]);
    expect(windows("What happened a few days ago?")).toEqual([["a few days ago", d(2023, 7, 10), d(2023, 7, 15), "day"]]);
  });

  it("a week: the seven days in the phrase's direction from its anchor", () => {
    expect(windows("What did Mel do last week?")).toEqual([["last week", d(2023, 7, 8), d(2023, 7, 15), "week"]]);
    expect(windows("And the week before?")).toEqual([["the week before", d(2023, 7, 8), d(2023, 7, 15), "week"]]);
    expect(windows("What was planned two weeks ago?")).toEqual([["two weeks ago", d(2023, 7, 1), d(2023, 7, 8), "week"]]);
    expect(windows("What did she do the week before June 9, 2023?")).toEqual([["the week before June 9, 2023", d(2023, 6, 2), d(2023, 6, 9), "week"]]);
    expect(windows("What is planned for next week?")).toEqual([["next week", d(2023, 7, 15), d(2023, 7, 22), "week"]]);
    expect(windows("What is due in two weeks?")).toEqual([["in two weeks", d(2023, 7, 22), d(2023, 7, 29), "week"]]);
    // Monday 10 to Monday 17 July holds Saturday 15.
    expect(windows("Anything this week?")).toEqual([["this week", d(2023, 7, 10), d(2023, 7, 17), "week"]]);
  });

  it("a weekend and a season", () => {
    expect(windows("Where did they go last weekend?")).toEqual([["last weekend", d(2023, 7, 8), d(2023, 7, 10), "weekend"]]);
    expect(windows("What did they do last summer?")).toEqual([["last summer", d(2022, 6, 1), d(2022, 9, 1), "season"]]);
    expect(windows("Where were they in the summer of 2021?")).toEqual([["summer of 2021", d(2021, 6, 1), d(2021, 9, 1), "season"]]);
  });

  it("windows are half-open and in query order, one per distinct window", () => {
    const ws = queryTimeWindows("Did she move in 2022 or in May 2023, or in 2022 again?", REF);
    expect(ws.map((w) => w.text)).toEqual(["in 2022", "May 2023"]);
    for (const w of ws) expect(w.to).toBeGreaterThan(w.from);
  });

  it("no date, no window; the gate is cheap and agrees", () => {
    expect(windows("What does Ines like to carve?")).toEqual([]);
    expect(mayMentionTime("What does Ines like to carve?")).toBe(false);
    expect(mayMentionTime("What did she paint last May?")).toBe(true);
    // "may" the verb is not a month.
    expect(windows("Who may come to the party?")).toEqual([]);
    expect(windows("anything", Number.NaN)).toEqual([]);
  });
});
