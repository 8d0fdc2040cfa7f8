/** JSONL episodes: streamed, validated with the facade's rules, errors named by line and field. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import { detectFormat } from "./detect-format.js";
import { episodeBatchesJsonl, readEpisodesJsonl, validateEpisodesJsonl } from "./jsonl-episodes.js";

const dir = mkdtempSync(join(tmpdir(), "hippograph-jsonl-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join("\n"));
  return path;
}

const ok = (text: string, extra: Record<string, unknown> = {}) => JSON.stringify({ text, ...extra });

describe("readEpisodesJsonl", () => {
  it("reads every non-blank line and keeps its line number", async () => {
    const path = file("ok.jsonl", [ok("one", { speaker: "Ann", at: "2024-03-01T10:00:00Z" }), "", "  ", ok("two", { thread: "t1" })]);
    const { episodes, errors } = await readEpisodesJsonl(path);
    expect(errors).toEqual([]);
    expect(episodes.map((e) => e.line)).toEqual([1, 4]);
    expect(episodes[0]!.episode).toMatchObject({ text: "one", speaker: "Ann", at: Date.parse("2024-03-01T10:00:00Z") });
  });

  it("names the line and the field of each bad line", async () => {
    const path = file("bad.jsonl", [
      ok("fine"),
      JSON.stringify({ text: 42 }),
      "{not json",
      ok("x", { at: "yesterday-ish" }),
      ok("x", { colour: "red" }),
      ok("x".repeat(50)),
    ]);
    const { errors } = await readEpisodesJsonl(path, { limits: { maxTextChars: 10 } });
    const text = errors.map((e) => `${e.path}: ${e.message}`);
    expect(text[0]).toMatch(/^line 2: text: .*expected string/);
    expect(text[1]).toMatch(/^line 3: invalid JSON: /);
    expect(text[2]).toMatch(/^line 4: at: "yesterday-ish" is not an ISO-8601 date/);
    expect(text[3]).toMatch(/^line 5: .*colour/);
    expect(text[4]).toMatch(/^line 6: text: text is longer than the limit of 10/);
  });

  it("stops collecting at maxErrors (20 by default)", async () => {
    const path = file("many.jsonl", Array.from({ length: 50 }, () => "oops"));
    expect((await validateEpisodesJsonl(path)).errors).toHaveLength(20);
    expect((await validateEpisodesJsonl(path, { maxErrors: 3 })).errors).toHaveLength(3);
  });
});

describe("episodeBatchesJsonl", () => {
  it("yields batches of the requested size, the last one shorter", async () => {
    const path = file("batches.jsonl", Array.from({ length: 7 }, (_, i) => ok(`turn ${i}`)));
    expect(await validateEpisodesJsonl(path)).toEqual({ count: 7, errors: [] });
    const sizes: number[] = [];
    for await (const batch of episodeBatchesJsonl(path, 3)) sizes.push(batch.length);
    expect(sizes).toEqual([3, 3, 1]);
  });

  it("throws on a bad line instead of yielding it", async () => {
    const path = file("late-bad.jsonl", [ok("a"), ok("b"), "[]"]);
    const drain = async () => {
      for await (const _ of episodeBatchesJsonl(path, 10)) void _;
    };
    await expect(drain()).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("detectFormat", () => {
  it("tells JSONL from LoCoMo by extension, first character and shape", async () => {
    expect(await detectFormat(file("a.ndjson", ["[]"]))).toBe("jsonl");
    expect(await detectFormat(file("b.txt", ["", "  " + ok("x")]))).toBe("jsonl");
    expect(await detectFormat(file("c.json", [JSON.stringify([{ sample_id: "s", conversation: {}, qa: [] }])]))).toBe("locomo");
    expect(await detectFormat(file("d.json", [JSON.stringify([{ text: "x" }])]))).toBe("jsonl");
  });
});
