import { NotFoundError, ValidationError, type Issue } from "../../errors.js";
import type { MemoryNode } from "../../model/node.js";
import type { StructureContext } from "../context.js";
import { isLiveTask, toTask, type Task } from "./task.js";

/** The task an operation acts on: missing is NotFoundError; another kind, or invalidated, is bad input. */
export async function loadTask(ctx: StructureContext, id: string, context: string, now: number): Promise<Task> {
  const [node] = await ctx.stores.graph.getNodes({ ns: ctx.ns, ids: [id] });
  if (!node) throw new NotFoundError(`task "${id}" does not exist in namespace "${ctx.ns}"`);
  const problem = notATask(node, now);
  if (problem) throw new ValidationError([{ path: "id", message: problem }], context);
  return toTask(node);
}

/**
 * Tasks an input refers to (a parent, prerequisites), checked in one getNodes before anything is
 * written; each bad reference is reported at its own path (`dependsOn[2]`).
 */
export async function checkTaskRefs(
  ctx: StructureContext, refs: readonly { id: string; path: string }[], context: string, now: number,
): Promise<Map<string, Task>> {
  if (refs.length === 0) return new Map();
  const found = await ctx.stores.graph.getNodes({ ns: ctx.ns, ids: refs.map((r) => r.id) });
  const byId = new Map(found.map((n) => [n.id, n]));
  const issues: Issue[] = [];
  for (const r of refs) {
    const node = byId.get(r.id);
    const problem = node ? notATask(node, now) : `task "${r.id}" does not exist in namespace "${ctx.ns}"`;
    if (problem) issues.push({ path: r.path, message: problem });
  }
  if (issues.length > 0) throw new ValidationError(issues, context);
  return new Map(found.map((n) => [n.id, toTask(n)]));
}

function notATask(node: MemoryNode, now: number): string | undefined {
  if (node.kind !== "task") return `node "${node.id}" is a ${node.kind}, not a task`;
  if (!isLiveTask(node, now)) return `task "${node.id}" is no longer valid`;
  return undefined;
}
