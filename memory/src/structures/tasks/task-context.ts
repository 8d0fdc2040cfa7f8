import { parseInput } from "../../model/validate.js";
import type { StructureContext } from "../context.js";
import { gatherContext } from "./gather-context.js";
import { contextSchema, idSchema, type ContextOptions } from "./inputs.js";
import { renderContext, type RenderedContext } from "./render-context.js";

/**
 * The prompt section for the active task (TME v1: "prompts are built dynamically from the active node
 * path"): the path root → active with each task's goal, status and output, the outputs of its
 * prerequisites (v2's dependencies) and its finished siblings — fitted into `tokens`.
 */
export async function taskContext(ctx: StructureContext, id: string, options: ContextOptions): Promise<RenderedContext & { budget: number }> {
  parseInput(idSchema, id, "context", "id");
  const o = parseInput(contextSchema, options, "context", "options");
  const now = ctx.now();
  const parts = await gatherContext(ctx, id, o.maxSiblings, now);
  const rendered = renderContext(parts, o.tokens);
  ctx.tracer.emit("task-context", {
    id, budget: o.tokens, tokens: rendered.tokens, included: rendered.included, truncated: rendered.truncated,
    dropped: rendered.dropped,
  });
  return { ...rendered, budget: o.tokens };
}
