import { z } from "zod";
import { ValidationError, type GraphInput, type Memory, type Source } from "@hippograph/memory";
import { stableId } from "./stable-id.js";

const taskId = z.string().min(1).max(100);

export const planTaskSchema = z.object({
  id: taskId,
  title: z.string().min(1).max(2000),
  status: z.enum(["todo", "doing", "done", "blocked"]).default("todo"),
  parent: taskId.optional(),
  dependsOn: z.array(taskId).max(64).optional(),
  result: z.string().max(8000).optional(),
}).strict();

type PlanTask = z.output<typeof planTaskSchema>;

/**
 * Writes a plan as one graph write: a `task` node per task (text = title, attrs = status, parent,
 * result), a `child` edge parent → task and a `depends_on` edge task → prerequisite. Edge ids are
 * derived from their ends, so re-writing the same plan (with new statuses) upserts instead of
 * duplicating edges. An update keeps the parent it does not repeat (its child edge stays too), keeps
 * a result only while the task stays done, and keeps the task's source: a task a user created and an
 * agent updated stays the user's, so erasing what the agent wrote rolls the update back instead of
 * deleting the task. Ids come from a model: one that names a memory that is not a task (a note the
 * model recalled) is refused, naming `[i].id`, rather than turning that memory into a task.
 */
export async function writeTasks(memory: Memory, ns: string | undefined, tasks: readonly PlanTask[], source: Source, reason: string): Promise<void> {
  const existing = new Map((await memory.stores.graph.getNodes({ ns: ns ?? memory.namespace, ids: tasks.map((t) => t.id) })).map((n) => [n.id, n]));
  const clashes = tasks.flatMap((t, i) => {
    const kind = existing.get(t.id)?.kind;
    return kind !== undefined && kind !== "task" ? [{ path: `[${i}].id`, message: `"${t.id}" is a ${kind} in this namespace, not a task: give the task an id of its own` }] : [];
  });
  if (clashes.length > 0) throw new ValidationError(clashes, "tasks");
  // A task another source made stays theirs; the version this write makes is recorded under `source`.
  await memory.write(taskGraph(tasks, existing, source), { ns, reason, source });
}

function taskGraph(tasks: readonly PlanTask[], existing: ReadonlyMap<string, { attrs: Record<string, unknown>; source: Source }>, source: Source): GraphInput {
  return {
    nodes: tasks.map((t) => {
      const before = existing.get(t.id);
      const { result: oldResult, ...kept } = before?.attrs ?? {};
      const result = t.result ?? (t.status === "done" ? oldResult : undefined); // reopened: the old result no longer holds
      return {
        id: t.id, kind: "task", text: t.title, source: before?.source ?? source,
        attrs: { ...kept, status: t.status, ...(t.parent ? { parent: t.parent } : {}), ...(result !== undefined ? { result } : {}) },
      };
    }),
    edges: tasks.flatMap((t) => [
      ...(t.parent ? [{ id: stableId("child", t.parent, t.id), kind: "child", from: t.parent, to: t.id, source }] : []),
      ...(t.dependsOn ?? []).map((d) => ({ id: stableId("depends_on", t.id, d), kind: "depends_on", from: t.id, to: d, source })),
    ]),
  };
}
