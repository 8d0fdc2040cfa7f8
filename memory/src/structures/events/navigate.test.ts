import { describe, expect, it } from "vitest";
import type { StructureContext } from "../context.js";
import { navigateEvents } from "./navigate.js";

/**
 * A port-level double: events S (the start), A and B, each with one episode; S causes A and relates to B.
 * Relevance to the goal is the first coordinate of each text's embedding.
 */
function context(relevance: Record<string, number>): StructureContext {
  const node = (id: string) => ({ id, ns: "n", kind: "event", text: id, attrs: {}, source: { id: "s", type: "user", trust: 1 }, time: { at: 0, validFrom: null, validTo: null, recordedAt: 0, expiredAt: null }, version: 1 });
  const row = (from: string, neighbor: string, kind: string, direction: "in" | "out") => ({ node: from, neighbor, kind, direction, edge: `${from}-${neighbor}`, weight: 1 });
  const rows: Record<string, ReturnType<typeof row>[]> = {
    S: [row("S", "eS", "part_of", "in"), row("S", "A", "causes", "out"), row("S", "B", "relates", "out")],
    A: [row("A", "eA", "part_of", "in")],
    B: [row("B", "eB", "part_of", "in")],
  };
  return {
    ns: "n", now: () => 0, tracer: { emit() {} },
    embed: async (texts: readonly string[]) => texts.map((t) => Float32Array.from([relevance[t] ?? 0, 0])),
    stores: {
      vectors: { search: async () => [{ id: "S", score: 0.9 }] },
      graph: { getNodes: async ({ ids }: { ids: string[] }) => ids.map(node), neighbors: async ({ ids }: { ids: string[] }) => rows[ids[0]!] ?? [] },
    },
  } as unknown as StructureContext;
}

describe("navigateEvents", () => {
  it("skips a related event below minRelevance but still visits one behind it in the frontier that is relevant", async () => {
    // A comes first (causes weighs 1, relates 0.5: 0.04 × 1 > 0.07 × 0.5), but only B is relevant enough.
    const found = await navigateEvents(context({ goal: 1, S: 0.9, A: 0.04, B: 0.07 }), "goal", { minRelevance: 0.05, relations: { causes: 1, relates: 0.5 } });
    expect(found.map((e) => e.id)).toEqual(["S", "B"]);
  });
});
