import type { Memory } from "@hippograph/memory";
import { tool } from "@langchain/core/tools";
import type { RunnableConfig } from "@langchain/core/runnables";
import { z } from "zod";

/** A tiny offline "web": the research agent searches it instead of the internet. */
export const CORPUS = [
  { url: "https://example.org/lisbon-half", text: "The Lisbon Half Marathon starts on the 25 de Abril bridge and finishes at Belém." },
  { url: "https://example.org/lisbon-half-history", text: "The Lisbon Half Marathon was first run in 1991 and is known as one of the fastest half marathons." },
  { url: "https://example.org/porto", text: "Porto hosts a marathon every November along the Douro river." },
];

const slug = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 100) || "entity";

export function researchTools(memory: Memory) {
  const ns = (config: RunnableConfig | undefined) => (config?.configurable?.memory_ns as string | undefined) ?? "research";

  const searchCorpus = tool(async ({ query }) => {
    const words = query.toLowerCase().split(/\W+/).filter((w) => w.length > 2);
    const hits = CORPUS.filter((d) => words.some((w) => d.text.toLowerCase().includes(w)));
    return JSON.stringify(hits);
  }, {
    name: "search_corpus", description: "Search the document collection; returns matching documents with their URL.",
    schema: z.object({ query: z.string().min(1).describe("keywords") }),
  });

  /**
   * A finding is a hyperedge: one node for the fact, `member` edges to every entity it involves — so
   * "everything we know about X" is one hop from X, however many entities each fact ties together.
   */
  const recordFinding = tool(async ({ fact, entities, source }, config) => {
    const scope = { ns: ns(config), reason: "research finding" };
    const ids = entities.map((e) => `entity:${slug(e)}`);
    const existing = new Set((await memory.stores.graph.getNodes({ ns: scope.ns, ids })).map((n) => n.id));
    const { nodes } = await memory.write({
      nodes: [
        { kind: "hyperedge", text: fact, attrs: { source }, source: { id: source, type: "web" } },
        ...entities.flatMap((e, i) => (existing.has(ids[i]!) ? [] : [{ id: ids[i]!, kind: "entity", text: e, attrs: { name: e } }])),
      ],
    }, scope);
    const finding = nodes[0]!.id;
    await memory.write({ edges: ids.map((to) => ({ kind: "member", from: finding, to })) }, scope);
    return JSON.stringify({ finding, members: ids });
  }, {
    name: "record_finding", description: "Record one fact you found, with the entities it is about and its source URL.",
    schema: z.object({
      fact: z.string().min(1).max(2000).describe("the fact, one sentence"),
      entities: z.array(z.string().min(1).max(100)).min(1).max(8).describe("people, places, events the fact involves"),
      source: z.string().min(1).max(500).describe("URL the fact comes from"),
    }),
  });

  return { search_corpus: searchCorpus, record_finding: recordFinding };
}
