import { describe, expect, it } from "vitest";
import { segmentEpisodes, type OpenEvent, type SegmentEpisode } from "./segment.js";

const v = (...xs: number[]) => {
  const a = Float32Array.from(xs);
  const n = Math.hypot(...xs);
  return a.map((x) => x / n);
};
const ep = (i: number, over: Partial<SegmentEpisode> = {}): SegmentEpisode => ({ id: `e${i}`, at: i * 60_000, thread: "t", session: "s1", vector: v(1, 0, 0), terms: ["bread"], ...over });

describe("event segmentation", () => {
  it("keeps a continuing topic together and cuts at session, thread and long silences", () => {
    const stream = [ep(0), ep(1), ep(2, { session: "s2" }), ep(3, { session: "s2", at: 3 * 60_000 + 3_600_000 }), ep(4, { thread: "u", session: "s2", at: 10_000_000 })];
    expect(segmentEpisodes(stream).map((s) => [s.episodes, s.reason])).toEqual([
      [[0, 1], "start"], [[2], "session"], [[3], "gap"], [[4], "thread"],
    ]);
  });

  it("cuts on a topic shift only when nothing is shared and the embedding moved away", () => {
    const stream = [ep(0), ep(1), ep(2, { vector: v(0, 1, 0), terms: ["turtles"] }), ep(3, { vector: v(0, 1, 0), terms: ["bread"] })];
    expect(segmentEpisodes(stream).map((s) => s.episodes)).toEqual([[0, 1], [2, 3]]);
    const sharing = [ep(0), ep(1), ep(2, { vector: v(0, 1, 0), terms: ["bread", "turtles"] })];
    expect(segmentEpisodes(sharing).map((s) => s.episodes)).toEqual([[0, 1, 2]]);
  });

  it("cuts where the source changes: an event carries one source's provenance, trust and words", () => {
    const stream = [ep(0, { source: "a" }), ep(1, { source: "a" }), ep(2, { source: "b" }), ep(3, { source: "a" })];
    expect(segmentEpisodes(stream).map((s) => [s.episodes, s.reason])).toEqual([[[0, 1], "start"], [[2], "source"], [[3], "source"]]);
  });

  it("bounds event length", () => {
    const long = Array.from({ length: 25 }, (_, i) => ep(i));
    expect(segmentEpisodes(long, { maxEpisodes: 10 }).map((s) => s.episodes.length)).toEqual([10, 10, 5]);
  });

  it("extends a thread's stored event with the batch's first run of that thread when nothing cuts it", () => {
    const stored: OpenEvent = { id: "E", session: "s1", end: 0, episodes: 3, terms: ["bread"] };
    const open = new Map([["t", stored]]);
    const cut = (stream: SegmentEpisode[], event = stored) => segmentEpisodes(stream, {}, new Map([["t", event]])).map((s) => [s.episodes, s.reason, s.continues?.id]);
    expect(segmentEpisodes([ep(1), ep(2)], {}, open).map((s) => [s.episodes, s.reason, s.continues])).toEqual([[[0, 1], "continued", { id: "E", episodes: 3 }]]);
    expect(cut([ep(1, { session: "s2" })])).toEqual([[[0], "start", undefined]]); // another session
    expect(cut([ep(1, { at: 3_600_000 })])).toEqual([[[0], "start", undefined]]); // a long silence
    expect(cut([ep(1, { terms: ["turtles"], vector: v(0, 1, 0) })])).toEqual([[[0], "start", undefined]]); // nothing shared
    expect(cut([ep(1)], { ...stored, episodes: 10 })).toEqual([[[0], "start", undefined]]); // already full
    expect(cut([ep(1, { terms: ["turtles"] })], { ...stored, episodes: 1 })).toEqual([[[0], "continued", "E"]]); // too short to judge its topic
    // Counted together: 8 stored + 2 new fill it, the third starts anew.
    expect(cut([ep(1), ep(2), ep(3)], { ...stored, episodes: 8 })).toEqual([[[0, 1], "continued", "E"], [[2], "length", undefined]]);
    // Another source neither extends it nor joins the extension (erasing a source must remove its words).
    expect(cut([ep(1, { source: "b" })], { ...stored, source: "a" })).toEqual([[[0], "start", undefined]]);
    expect(cut([ep(1, { source: "a" }), ep(2, { source: "b" })], { ...stored, source: "a" })).toEqual([[[0], "continued", "E"], [[1], "source", undefined]]);
    // Only the thread's first run: back from another thread, the batch's own event comes first.
    expect(cut([ep(1), ep(2, { thread: "u" }), ep(3)])).toEqual([[[0], "continued", "E"], [[1], "thread", undefined], [[2], "thread", undefined]]);
  });
});
