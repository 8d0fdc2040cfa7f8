/**
 * Tool-call deltas in the shapes servers really send (fixtures in __fixtures__/tool-calls-*.json), relayed
 * through the gateway: the client always sees OpenAI's incremental form.
 */
import { readdirSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { chatConfig } from "../testing/config.js";
import { chatBody, harness, post } from "../testing/harness.js";
import { ToolCallNormalizer } from "./tool-call-normalizer.js";

interface Fixture {
  description: string;
  chunks: unknown[];
  expected: { id: string | null; name: string; arguments: string }[];
}

const dir = new URL("../__fixtures__/", import.meta.url);
const fixtures = readdirSync(dir).filter((f) => f.startsWith("tool-calls-")).map((f) => [f, JSON.parse(readFileSync(new URL(f, dir), "utf8")) as Fixture] as const);
const h = harness();
afterEach(h.closeAll);

interface Delta { index?: number; id?: string; type?: string; function?: { name?: string; arguments?: string } }

describe("tool-call delta normalisation", () => {
  it.each(fixtures)("%s", async (_file, fx) => {
    const u = await h.upstream(() => ({ sse: fx.chunks.map((data) => ({ data })) }));
    const g = h.gateway(chatConfig([u.url]));
    const text = await (await post(g, "/v1/chat/completions", chatBody("weather?", { stream: true, tools: [] }))).text();
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
    const deltas: Delta[] = [];
    for (const block of text.split("\n\n")) {
      if (!block.startsWith("data: {")) continue;
      const chunk = JSON.parse(block.slice(6)) as { choices: { delta?: { tool_calls?: Delta[] } }[] };
      for (const c of chunk.choices) deltas.push(...(c.delta?.tool_calls ?? []));
    }
    const calls: { id: string; name: string; arguments: string }[] = [];
    for (const d of deltas) {
      expect(typeof d.index).toBe("number");
      const known = calls[d.index!];
      if (known === undefined) {
        // First delta of a call: id, type and name, all present.
        expect(d.id).toEqual(expect.any(String));
        expect(d.type).toBe("function");
        expect(d.function?.name).toEqual(expect.any(String));
        calls[d.index!] = { id: d.id!, name: d.function!.name!, arguments: d.function?.arguments ?? "" };
      } else {
        // Later deltas: index and new argument characters only.
        expect(d.id).toBeUndefined();
        expect(d.function?.name).toBeUndefined();
        expect(Object.keys(d).sort()).toEqual(["function", "index"]);
        known.arguments += d.function!.arguments!;
      }
    }
    expect(calls.map((c) => ({ name: c.name, arguments: c.arguments }))).toEqual(fx.expected.map((e) => ({ name: e.name, arguments: e.arguments })));
    fx.expected.forEach((e, i) => {
      if (e.id !== null) expect(calls[i]!.id).toBe(e.id);
    });
    expect(new Set(calls.map((c) => c.id)).size).toBe(calls.length);
    for (const c of calls) expect(() => JSON.parse(c.arguments)).not.toThrow();
  });

  it("incremental mode never strips a chunk that happens to repeat the text so far", () => {
    const n = new ToolCallNormalizer("incremental");
    n.normalize(0, { tool_calls: [{ index: 0, id: "a", function: { name: "f", arguments: "ab" } }] });
    const d: Record<string, unknown> = { tool_calls: [{ index: 0, function: { arguments: "ab" } }] };
    n.normalize(0, d);
    expect(n.calls(0)[0]!.args).toBe("abab");
  });
});
