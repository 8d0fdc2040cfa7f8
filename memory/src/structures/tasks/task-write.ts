import type { Change, NodeWrite } from "../../model/node.js";
import type { StructureContext } from "../context.js";
import { TASK_KIND, type Task, type TaskStatus } from "./task.js";

export function newTaskNode(ctx: StructureContext, id: string, goal: string, input: unknown, change: Change, now: number): NodeWrite {
  return {
    id, ns: ctx.ns, kind: TASK_KIND, text: goal,
    attrs: { status: "pending", statusAt: now, ...(input === undefined ? {} : { input }) },
    source: ctx.source, time: { at: now, validFrom: null, validTo: null }, change,
    // A caller-chosen id that a concurrent call just took fails the batch instead of overwriting that task.
    expectedVersion: 0,
  };
}

/**
 * The next version of a task. It keeps its original source and records ours on the change;
 * `expectedVersion` makes a concurrent change between our read and our write a ConflictError
 * rather than a lost update.
 */
export function nextTaskVersion(
  ctx: StructureContext, task: Task, patch: { status?: TaskStatus; output?: unknown; error?: string | null }, change: Change, now: number,
): NodeWrite {
  const attrs: Record<string, unknown> = { ...task.node.attrs };
  if (patch.status !== undefined && patch.status !== task.status) {
    attrs["status"] = patch.status;
    attrs["statusAt"] = now;
  }
  if (patch.output !== undefined) attrs["output"] = patch.output;
  if (patch.error === null) delete attrs["error"];
  else if (patch.error !== undefined) attrs["error"] = patch.error;
  const n = task.node;
  return {
    id: n.id, ns: n.ns, kind: n.kind, text: n.text, attrs, source: n.source,
    time: { at: n.time.at, validFrom: n.time.validFrom, validTo: n.time.validTo },
    change: ctx.source.id === n.source.id ? change : { ...change, sourceId: ctx.source.id },
    expectedVersion: n.version,
  };
}
