import { ValidationError } from "../../errors.js";
import { parseInput } from "../../model/validate.js";
import type { StructureContext } from "../context.js";
import { completeSchema, failSchema, idSchema, startSchema, type CompleteInput, type FailInput, type StartInput } from "./inputs.js";
import { loadTask } from "./load-tasks.js";
import { DEPENDS_ON_EDGE, toTask, type Task, type TaskStatus } from "./task.js";
import { nextTaskVersion } from "./task-write.js";

type Transition = "start" | "complete" | "fail";

/**
 * Which statuses each transition leaves from. A done task is never re-opened by start/complete/fail:
 * its output may already feed dependents, so changing it goes through `revise`, which marks them stale.
 * Repeating a transition into the status a task already has is a no-op, not an error (retries are safe).
 */
const FROM: Record<Transition, { to: TaskStatus; from: readonly TaskStatus[] }> = {
  start: { to: "active", from: ["pending", "stale", "failed"] },
  complete: { to: "done", from: ["pending", "active", "stale", "failed"] },
  fail: { to: "failed", from: ["pending", "active", "stale"] },
};

export async function startTask(ctx: StructureContext, id: string, input: StartInput = {}): Promise<Task> {
  const p = parseInput(startSchema, input, "start");
  // A task started again after failing is no longer failed: its old error would mislead the context that shows it.
  return transition(ctx, id, "start", { error: null }, p.reason ?? "task started");
}

export async function completeTask(ctx: StructureContext, id: string, input: CompleteInput = {}): Promise<Task> {
  const p = parseInput(completeSchema, input, "complete");
  return transition(ctx, id, "complete", { output: p.output, error: null }, p.reason ?? "task completed");
}

export async function failTask(ctx: StructureContext, id: string, input: FailInput = {}): Promise<Task> {
  const p = parseInput(failSchema, input, "fail");
  return transition(ctx, id, "fail", { error: p.error }, p.reason ?? (p.error ? `task failed: ${p.error.slice(0, 200)}` : "task failed"));
}

async function transition(
  ctx: StructureContext, id: string, name: Transition, patch: { output?: unknown; error?: string | null }, reason: string,
): Promise<Task> {
  parseInput(idSchema, id, name, "id");
  const now = ctx.now();
  const task = await loadTask(ctx, id, name, now);
  const rule = FROM[name];
  if (task.status === rule.to && !changes(task, patch)) {
    ctx.tracer.emit("task-status", { id, from: task.status, to: rule.to, outcome: "unchanged" });
    return task;
  }
  // A failed task may fail again with a new error; a done task's output changes only through revise.
  if (!rule.from.includes(task.status) && !(task.status === "failed" && name === "fail")) {
    const hint = task.status === "done" ? "; use revise to change a finished task's output" : "";
    throw new ValidationError([{ path: "id", message: `cannot ${name} a task that is ${task.status}${hint}` }], name);
  }
  await ctx.commit([nextTaskVersion(ctx, task, { status: rule.to, ...patch }, ctx.change(reason), now)], []);
  // Starting ahead of prerequisites is allowed (an agent may know better), but the trace says so.
  const unfinished = name === "start" ? await unfinishedPrerequisites(ctx, id, now) : [];
  ctx.tracer.emit("task-status", { id, from: task.status, to: rule.to, reason, ...(unfinished.length > 0 ? { unfinishedPrerequisites: unfinished } : {}) });
  const [stored] = await ctx.stores.graph.getNodes({ ns: ctx.ns, ids: [id] });
  return toTask(stored!);
}

async function unfinishedPrerequisites(ctx: StructureContext, id: string, now: number): Promise<string[]> {
  const rows = await ctx.stores.graph.neighbors({ ns: ctx.ns, ids: [id], direction: "out", edgeKinds: [DEPENDS_ON_EDGE], view: { validAt: now } });
  if (rows.length === 0) return [];
  const nodes = await ctx.stores.graph.getNodes({ ns: ctx.ns, ids: rows.map((r) => r.neighbor) });
  return nodes.filter((n) => n.attrs["status"] !== "done").map((n) => n.id);
}

function changes(task: Task, patch: { output?: unknown; error?: string | null }): boolean {
  if (patch.output !== undefined && JSON.stringify(patch.output) !== JSON.stringify(task.output)) return true;
  return typeof patch.error === "string" && patch.error !== task.error;
}
