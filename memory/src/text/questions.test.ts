import { describe, expect, it } from "vitest";
import { questionSentences } from "./questions.js";

describe("questionSentences", () => {
  it("keeps the sentences that ask, in order, and drops the rest", () => {
    expect(questionSentences("Congrats on the new job! How long have you had the turtles? I love them. Do they bite?"))
      .toEqual(["How long have you had the turtles?", "Do they bite?"]);
  });

  it("sees a question through closing quotes and brackets, and none in a statement", () => {
    expect(questionSentences('She asked "where is it?" Then she left.')).toEqual(['She asked "where is it?"']);
    expect(questionSentences("Nice (really?)")).toEqual(["Nice (really?)"]);
    expect(questionSentences("No questions here. Just facts!")).toEqual([]);
    expect(questionSentences("")).toEqual([]);
  });
});
