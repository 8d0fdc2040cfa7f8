import { z } from "zod";
import { graphSpecSchema } from "./graph-spec.js";

/**
 * The spec's JSON Schema, from the same Zod schema that validates it (so the two cannot drift). Editors
 * use it for completion (`"$schema"` or yaml-language-server); docs/agent-graphs.md is generated from it.
 */
export function graphSpecJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(graphSpecSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}
