import { ValidationError, type Issue } from "../../errors.js";
import type { StructureContext } from "../context.js";
import type { HyperedgeMember } from "./hyperedge.js";

/**
 * Every member must be a node of this namespace, checked in one getNodes before anything is written,
 * so a typo fails the call with the offending path instead of the store's "dangling edge" later.
 * `self` is the hyperedge being edited: it cannot be its own member.
 */
export async function checkMembers(
  ctx: StructureContext, members: readonly HyperedgeMember[], path: string, context: string, self?: string,
): Promise<void> {
  const found = await ctx.stores.graph.getNodes({ ns: ctx.ns, ids: members.map((m) => m.id) });
  const known = new Set(found.map((n) => n.id));
  const issues: Issue[] = [];
  members.forEach((m, i) => {
    if (m.id === self) issues.push({ path: `${path}[${i}].id`, message: "a hyperedge cannot be its own member" });
    else if (!known.has(m.id)) issues.push({ path: `${path}[${i}].id`, message: `node "${m.id}" does not exist in namespace "${ctx.ns}"` });
  });
  if (issues.length > 0) throw new ValidationError(issues, context);
}
