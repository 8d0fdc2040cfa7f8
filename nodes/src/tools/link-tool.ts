import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { toolRuntime, type MemoryToolOptions } from "./tool-options.js";

const schema = z.object({
  from: z.string().min(1).max(128).describe("id of the first memory"),
  to: z.string().min(1).max(128).describe("id of the second memory"),
  relation: z.enum(["relates", "causes", "before", "part_of", "supersedes", "derived_from"]).optional()
    .describe("how they relate (default relates)"),
});

/** `link`: an edge between two memories the model knows by id (from recall or remember). */
export function linkTool(options: MemoryToolOptions) {
  const rt = toolRuntime(options, "linkTool");
  return tool(async (input, config) => {
    const ns = rt.ns(config);
    const kind = input.relation ?? "relates";
    const { edges } = await rt.memory.write({ edges: [{ kind, from: input.from, to: input.to, source: rt.source }] }, { ns, reason: "link tool" });
    rt.trace(config, "link", ns, { ids: edges.map((e) => e.id), kind });
    return JSON.stringify({ id: edges[0]?.id, kind });
  }, { name: "link", description: "Connect two memories by id with a relation.", schema });
}
