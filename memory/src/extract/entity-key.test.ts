import { describe, expect, it } from "vitest";
import { entityKey } from "./entity-key.js";

describe("entityKey", () => {
  it("folds case, accents, titles, possessives and punctuation", () => {
    expect(entityKey("Dr. Okafor")).toBe("okafor");
    expect(entityKey("Okafor's")).toBe("okafor");
    expect(entityKey("  BOA   Vista ")).toBe("boa vista");
    expect(entityKey("José Martí")).toBe("jose marti");
    expect(entityKey("O'Brien")).toBe("obrien");
    expect(entityKey("The Louvre")).toBe("louvre");
    expect(entityKey("Martin Luther King Jr.")).toBe("martin luther king");
    expect(entityKey("AT&T")).toBe("at&t");
  });

  it("never strips the last word, and gives nothing only for nothing", () => {
    expect(entityKey("Dr.")).toBe("dr");
    expect(entityKey("The")).toBe("the");
    expect(entityKey("...")).toBe("");
  });
});
