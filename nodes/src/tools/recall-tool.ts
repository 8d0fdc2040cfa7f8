import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { toolRuntime, type MemoryToolOptions } from "./tool-options.js";

const schema = z.object({
  query: z.string().min(1).max(2000).describe("what to look for, in natural language"),
  k: z.number().int().min(1).max(20).optional().describe("how many memories to return (default 5)"),
});

/** `recall`: hybrid search; returns id, kind and text per hit (scores stay out of the model's context). */
export function recallTool(options: MemoryToolOptions) {
  const rt = toolRuntime(options, "recallTool");
  return tool(async (input, config) => {
    const ns = rt.ns(config);
    const hits = await rt.memory.search(input.query, { ns, k: input.k ?? 5 });
    rt.trace(config, "recall", ns, { hits: hits.length });
    return JSON.stringify(hits.map((h) => ({ id: h.id, kind: h.node.kind, text: h.node.text })));
  }, { name: "recall", description: "Search long-term memory for facts relevant to a question.", schema });
}
