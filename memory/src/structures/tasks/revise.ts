import { ValidationError } from "../../errors.js";
import type { NodeWrite } from "../../model/node.js";
import { parseInput } from "../../model/validate.js";
import type { StructureContext } from "../context.js";
import { idSchema, reviseSchema, type ReviseInput } from "./inputs.js";
import { loadTask } from "./load-tasks.js";
import { reachableFrom } from "./reachability.js";
import { DEPENDS_ON_EDGE, isLiveTask, toTask, type Task, type TaskStatus } from "./task.js";
import { nextTaskVersion } from "./task-write.js";

export interface ReviseResult {
  task: Task;
  /** Tasks newly marked stale, nearest dependents first. */
  stale: Task[];
}

/** Statuses whose work consumed the old output. A pending task has consumed nothing: it stays pending. */
const CONSUMED: readonly TaskStatus[] = ["active", "done", "failed"];

/**
 * Changes a finished task's output and marks everything that transitively depends on it stale — TME
 * v2's replace-and-propagate, made explicit: instead of rewriting dependents' responses with a warning,
 * each gets a new version with status "stale" and the reason "dependency <id> revised", so an agent
 * knows what to redo and the history shows why. The revision and every stale mark are one commit.
 * Propagation follows depends_on only: a child edge is structure, not data flow.
 */
export async function reviseTask(ctx: StructureContext, id: string, input: ReviseInput): Promise<ReviseResult> {
  parseInput(idSchema, id, "revise", "id");
  const p = parseInput(reviseSchema, input, "revise");
  const now = ctx.now();
  const task = await loadTask(ctx, id, "revise", now);
  if (task.status === "pending" || task.status === "active") {
    throw new ValidationError([{ path: "id", message: `task is ${task.status}; complete it instead of revising` }], "revise");
  }
  const dependents = await reachableFrom(ctx, id, DEPENDS_ON_EDGE, "in", now);
  const nodes = dependents.length === 0 ? [] : await ctx.stores.graph.getNodes({ ns: ctx.ns, ids: dependents });
  const toMark = nodes.filter((n) => isLiveTask(n, now)).map(toTask).filter((t) => CONSUMED.includes(t.status));
  const staleReason = `dependency ${id} revised`;
  const writes: NodeWrite[] = [
    nextTaskVersion(ctx, task, { status: "done", output: p.output, error: null }, ctx.change(p.reason), now),
    ...toMark.map((t) => nextTaskVersion(ctx, t, { status: "stale" }, ctx.change(staleReason), now)),
  ];
  await ctx.commit(writes, []);
  ctx.tracer.emit("task-revise", { id, reason: p.reason, dependents: dependents.length, stale: toMark.map((t) => t.id) });
  for (const t of toMark) ctx.tracer.emit("task-stale", { id: t.id, from: t.status, because: id, reason: staleReason });
  const stored = await ctx.stores.graph.getNodes({ ns: ctx.ns, ids: [id, ...toMark.map((t) => t.id)] });
  const [revised, ...stale] = stored.map(toTask);
  return { task: revised!, stale };
}
