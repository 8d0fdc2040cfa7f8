import { describe, expect, it } from "vitest";
import { questionSentences } from "./questions.js";

describe("questionSentences", () => {
  it("keeps the sentences that ask, in order, and drops the rest", () => {
    expect(questionSentences("Congrats on the new job! How long have you had the turtles? I love them. Do they bite?"))
      .toEqual(["How long have you had the turtles?", "Do they bite?"]);
  });

  it("sees a question through closing quotes, brackets and mixed marks, and none in a statement", () => {
    expect(questionSentences('She asked "where is it?" Then she left.')).toEqual(['She asked "where is it?"']);
    expect(questionSentences("Nice (really?)")).toEqual(["Nice (really?)"]);
    expect(questionSentences("Really?! No way.")).toEqual(["Really?!"]);
    expect(questionSentences("No questions here. Just facts!")).toEqual([]);
    expect(questionSentences("")).toEqual([]);
  });

  it("does not end a sentence at an abbreviation, an initial, or a '?' inside a word or URL", () => {
    expect(questionSentences("Did Dr. Lee call? Yes.")).toEqual(["Did Dr. Lee call?"]);
    expect(questionSentences("Is it J. R. R. Tolkien? Maybe.")).toEqual(["Is it J. R. R. Tolkien?"]);
    expect(questionSentences("See https://example.org/?page=2 now. What then?")).toEqual(["What then?"]);
  });

  it("reads full-width marks and newlines as breaks", () => {
    expect(questionSentences("好的。你去吗？ Sure.")).toEqual(["你去吗？"]);
    expect(questionSentences("Fine.\nAnd you?")).toEqual(["And you?"]);
  });

  it("keeps a question whose mark follows a long run of closing punctuation", () => {
    const text = `Why${")".repeat(20_000)}? ${'"'.repeat(20_000)} ok.`;
    expect(questionSentences(text)).toEqual([`Why${")".repeat(20_000)}?`]);
  });
});
