/** The hash embedder: stable output, unit vectors, and similarity that follows shared words and word forms. */
import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import { hashEmbedder } from "./hash-embedder.js";

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

function norm(v: Float32Array): number {
  return Math.sqrt(cosine(v, v));
}

async function similarity(a: string, b: string, embedder = hashEmbedder()): Promise<number> {
  const [va, vb] = await embedder.embed([a, b]);
  return cosine(va!, vb!);
}

describe("hashEmbedder", () => {
  it("names its algorithm version and dimensions in its id", () => {
    expect(hashEmbedder().id).toBe("hash-v1:256");
    expect(hashEmbedder().dimensions).toBe(256);
    expect(hashEmbedder({ dimensions: 64 }).id).toBe("hash-v1:64");
    // Other n-grams make other vectors, so they must make another id too.
    expect(hashEmbedder({ ngrams: 4 }).id).toBe("hash-v1:256:ng4");
  });

  it("returns one vector of the configured length per text", async () => {
    const vectors = await hashEmbedder({ dimensions: 64 }).embed(["one", "two", "three"]);
    expect(vectors).toHaveLength(3);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v).toHaveLength(64);
    }
  });

  it("is deterministic across calls and instances", async () => {
    const text = "The user prefers dark roast coffee in the morning";
    const [a] = await hashEmbedder().embed([text]);
    const [b, c] = await hashEmbedder().embed([text, text]);
    expect(Array.from(b!)).toEqual(Array.from(a!));
    expect(Array.from(c!)).toEqual(Array.from(a!));
  });

  it("produces unit vectors", async () => {
    const vectors = await hashEmbedder().embed([
      "x",
      "a longer sentence about graphs, vectors and memory with repeated repeated repeated words",
      "Zürich 東京 ١٢٣ नमस्ते",
    ]);
    for (const v of vectors) expect(norm(v)).toBeCloseTo(1, 5);
  });

  it("scores related texts above unrelated ones", async () => {
    const query = "how do I train for a marathon";
    expect(await similarity(query, "marathon training plan for runners")).toBeGreaterThan(
      await similarity(query, "chocolate cake recipe with butter"),
    );
    const fact = "the user prefers dark roast coffee";
    expect(await similarity(fact, "User likes dark-roasted coffee")).toBeGreaterThan(
      await similarity(fact, "the meeting moved to Tuesday afternoon"),
    );
  });

  it("brings morphological variants together through character n-grams", async () => {
    const runs = await similarity("running", "runs");
    expect(runs).toBeGreaterThan(0.1);
    expect(runs).toBeGreaterThan(await similarity("running", "banana"));
    // Without n-grams the two forms share nothing but chance collisions.
    const plain = hashEmbedder({ ngrams: 0 });
    expect(runs).toBeGreaterThan(await similarity("running", "runs", plain));
  });

  it("ignores case, accents and compatibility forms", async () => {
    expect(await similarity("Zürich Café", "zurich cafe")).toBeCloseTo(1, 6);
    expect(await similarity("Straße", "strasse")).toBeCloseTo(1, 6);
    expect(await similarity("ＡＢＣ ﬁle", "abc file")).toBeCloseTo(1, 6);
    expect(await similarity("naïve résumé", "naive resume")).toBeCloseTo(1, 6);
  });

  it("makes CJK text comparable without spaces", async () => {
    const tokyo = "東京の天気";
    const forecast = await similarity(tokyo, "東京の天気予報");
    expect(forecast).toBeGreaterThan(0.5);
    expect(forecast).toBeGreaterThan(await similarity(tokyo, "大阪の料理"));
  });

  it("keeps the vowel signs of scripts that need them", async () => {
    // Devanagari vowel signs are combining marks; stripping them would merge different words.
    expect(await similarity("कमल", "कमला")).toBeLessThan(0.99);
    expect(await similarity("नमस्ते दुनिया", "नमस्ते दुनिया")).toBeCloseTo(1, 6);
  });

  it("gives a zero vector, never NaN, for text with nothing to embed", async () => {
    const vectors = await hashEmbedder().embed(["", "   ", "?!… —", "the of and to"]);
    for (const v of vectors) {
      expect(v.every((x) => x === 0)).toBe(true);
    }
  });

  it("drops stop words", async () => {
    expect(await similarity("the cat is on the mat", "cat mat")).toBeCloseTo(1, 6);
  });

  it("returns an empty list for no texts", async () => {
    await expect(hashEmbedder().embed([])).resolves.toEqual([]);
  });

  it.each([7, 4097, 12.5, "256", Number.NaN])("rejects dimensions %s, naming the field", (dimensions) => {
    try {
      hashEmbedder({ dimensions: dimensions as number });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).issues.map((i) => i.path)).toEqual(["dimensions"]);
    }
  });

  it("accepts the extremes of the dimension range", async () => {
    const [small] = await hashEmbedder({ dimensions: 8 }).embed(["hello world"]);
    const [large] = await hashEmbedder({ dimensions: 4096 }).embed(["hello world"]);
    expect(norm(small!)).toBeCloseTo(1, 5);
    expect(norm(large!)).toBeCloseTo(1, 5);
  });

  it("rejects a bad n-gram length and unknown options", () => {
    expect(() => hashEmbedder({ ngrams: 1 })).toThrow(/ngrams/);
    expect(() => hashEmbedder({ ngrams: 7 })).toThrow(ValidationError);
    expect(() => hashEmbedder({ dimension: 128 } as never)).toThrow(ValidationError);
  });

  it("rejects a non-string text with its position", async () => {
    await expect(hashEmbedder().embed(["fine", 42 as never])).rejects.toThrow(/texts\[1\]/);
  });

  it("honours an already aborted signal", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(hashEmbedder().embed(["hello"], { signal: controller.signal })).rejects.toMatchObject({
      name: "AbortError",
    });
  });

  it("handles texts longer than its feature table", async () => {
    // Thousands of distinct words make the per-text table grow mid-text; the second call finds it
    // already large. Both must agree, which they would not if the rehash lost any counts.
    const long = Array.from({ length: 3000 }, (_, i) => `word${i.toString(36)}x word${i.toString(36)}x`).join(" ");
    const embedder = hashEmbedder();
    const [grown] = await embedder.embed([long]);
    const [roomy] = await embedder.embed([long]);
    expect(norm(grown!)).toBeCloseTo(1, 5);
    expect(cosine(grown!, roomy!)).toBeCloseTo(1, 6);
  });
});
