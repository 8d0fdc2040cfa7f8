import type { EdgeWrite } from "../../model/edge.js";
import type { StructureContext } from "../context.js";

/** A new structural edge, valid from now (so "as of" reads before it was drawn do not see it). */
export function taskEdge(ctx: StructureContext, kind: string, from: string, to: string, now: number): EdgeWrite {
  return { id: ctx.newId(), ns: ctx.ns, kind, from, to, weight: 1, attrs: {}, source: ctx.source, time: { validFrom: now, validTo: null } };
}
