import { z } from "zod";
import type { GraphInput } from "@hippograph/memory";
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

/**
 * A plan as one graph write: a `task` node per task (text = title, attrs = status/result), a `child` edge
 * parent → task and a `depends_on` edge task → prerequisite. Edge ids are derived from their ends, so
 * re-writing the same plan (with new statuses) upserts instead of duplicating edges.
 * Written with `memory.write` directly; the task-tree structure being built in memory/ will own this later.
 */
export function taskGraph(tasks: readonly z.output<typeof planTaskSchema>[]): GraphInput {
  return {
    nodes: tasks.map((t) => ({
      id: t.id, kind: "task", text: t.title,
      attrs: { status: t.status, ...(t.parent ? { parent: t.parent } : {}), ...(t.result ? { result: t.result } : {}) },
    })),
    edges: tasks.flatMap((t) => [
      ...(t.parent ? [{ id: stableId("child", t.parent, t.id), kind: "child", from: t.parent, to: t.id }] : []),
      ...(t.dependsOn ?? []).map((d) => ({ id: stableId("depends_on", t.id, d), kind: "depends_on", from: t.id, to: d })),
    ]),
  };
}
