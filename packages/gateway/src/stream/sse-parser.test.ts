import { describe, expect, it } from "vitest";
import { SseParser } from "./sse-parser.js";

const enc = new TextEncoder();

describe("SSE parser", () => {
  it("handles events split anywhere, CRLF, comments, multi-line data and event names", () => {
    const text = ': keep-alive\r\n\r\ndata: {"a":1}\r\n\r\nevent: error\ndata: x\ndata: y\n\ndata: [DONE]\n\n';
    const bytes = enc.encode(text);
    for (const step of [1, 3, 7, bytes.length]) {
      const p = new SseParser();
      const got: [string, string | undefined][] = [];
      for (let i = 0; i < bytes.length; i += step) p.push(bytes.subarray(i, i + step), (d, e) => void got.push([d, e]));
      expect(got).toEqual([['{"a":1}', undefined], ["x\ny", "error"], ["[DONE]", undefined]]);
      expect(p.remainder).toBe("");
    }
  });

  it("keeps a cut event as remainder and decodes UTF-8 split across chunks", () => {
    const p = new SseParser();
    const got: string[] = [];
    const bytes = enc.encode("data: é€\n\ndata: cut");
    p.push(bytes.subarray(0, 8), (d) => void got.push(d));
    p.push(bytes.subarray(8), (d) => void got.push(d));
    expect(got).toEqual(["é€"]);
    expect(p.remainder).toBe("data: cut");
  });
});
