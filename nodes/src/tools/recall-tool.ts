import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { toolRuntime, type MemoryToolOptions } from "./tool-options.js";

const schema = z.object({
  query: z.string().min(1).max(2000).describe("what to look for, in natural language"),
  k: z.number().int().min(1).max(20).optional().describe("how many memories to return (default 5)"),
});

/**
 * `recall`: the memory's default retrieval pipeline (lexical, entity and date seeds spread along the
 * memory graph); returns id, kind, date and text per hit, and how a hit was reached when the graph
 * found it (scores stay out of the model's context).
 */
export function recallTool(options: MemoryToolOptions) {
  const rt = toolRuntime(options, "recallTool");
  return tool(async (input, config) => {
    const ns = rt.ns(config);
    const { items } = await rt.memory.retrieve(input.query, { ns, ...(config?.signal ? { signal: config.signal } : {}) });
    const hits = items.slice(0, input.k ?? 5);
    rt.trace(config, "recall", ns, { hits: hits.length });
    return JSON.stringify(hits.map((h) => ({
      id: h.id, kind: h.node.kind, ...(h.node.time.at !== null ? { date: new Date(h.node.time.at).toISOString().slice(0, 10) } : {}), text: h.node.text,
      ...(h.explanation && h.explanation.path.length > 0 ? { via: { from: h.explanation.seed, edges: h.explanation.path.map((p) => p.via) } } : {}),
    })));
  }, { name: "recall", description: "Search long-term memory for facts relevant to a question.", schema });
}
