import { describe, expect, it } from "vitest";
import { parseIsoDate } from "./llm-extraction-contract.js";

describe("parseIsoDate (dates a model returns)", () => {
  it("reads each grain, with or without a zone", () => {
    expect(parseIsoDate("2023")).toEqual({ at: Date.UTC(2023, 0, 1), grain: "year" });
    expect(parseIsoDate("2023-05")).toEqual({ at: Date.UTC(2023, 4, 1), grain: "month" });
    expect(parseIsoDate("2023-05-08")).toEqual({ at: Date.UTC(2023, 4, 8), grain: "day" });
    expect(parseIsoDate("2023-05-08T13:56Z")).toEqual({ at: Date.UTC(2023, 4, 8, 13, 56), grain: "time" });
    expect(parseIsoDate("2023-05-08 10:00+0200")).toEqual({ at: Date.UTC(2023, 4, 8, 8), grain: "time" });
    expect(parseIsoDate("0044-03-15")).toEqual({ at: new Date("0044-03-15T00:00:00Z").getTime(), grain: "day" }); // not 1944
  });

  it("refuses dates that do not exist instead of rolling them over", () => {
    for (const bad of ["2023-02-31", "2023-02-31T10:00Z", "2023-04-31T10:00", "2023-13", "2023-00", "0000", "2023-05-08T24:30Z", "2023-05-08T10:99Z", "May 2023"]) {
      expect(parseIsoDate(bad), bad).toBeUndefined();
    }
  });
});
