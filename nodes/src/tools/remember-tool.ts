import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { toolRuntime, type MemoryToolOptions } from "./tool-options.js";

const schema = z.object({
  text: z.string().min(1).max(8000).describe("the fact, preference or observation to keep, as one self-contained sentence"),
  tags: z.array(z.string().max(64)).max(16).optional().describe("short topic tags"),
});

/** `remember`: stores a note. Returns the note id so the model can link it or refer to it later. */
export function rememberTool(options: MemoryToolOptions) {
  const rt = toolRuntime(options, "rememberTool");
  return tool(async (input, config) => {
    const ns = rt.ns(config);
    const [note] = await rt.memory.addNotes([{ text: input.text, source: rt.source, ...(input.tags ? { tags: input.tags } : {}) }], { ns, reason: "remember tool" });
    rt.trace(config, "remember", ns, { ids: [note!.id] });
    return JSON.stringify({ id: note!.id });
  }, { name: "remember", description: "Save a fact to long-term memory for future conversations.", schema });
}
