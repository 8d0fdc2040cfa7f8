import { ValidationError } from "../../errors.js";
import type { EdgeWrite } from "../../model/edge.js";
import { parseInput } from "../../model/validate.js";
import type { StructureContext } from "../context.js";
import { taskEdge } from "./edges.js";
import { addTaskSchema, type AddTaskInput } from "./inputs.js";
import { checkTaskRefs } from "./load-tasks.js";
import { CHILD_EDGE, DEPENDS_ON_EDGE, toTask, type Task } from "./task.js";
import { newTaskNode } from "./task-write.js";

const CONTEXT = "addTask";

/**
 * Adds a pending task under an optional parent, with optional prerequisites. The task is new, so its
 * edges cannot close a cycle; cycles can only be proposed between existing tasks (`setParent`,
 * `addDependencies`), which check reachability first.
 */
export async function addTask(ctx: StructureContext, input: AddTaskInput): Promise<Task> {
  const p = parseInput(addTaskSchema, input, CONTEXT);
  const now = ctx.now();
  const refs = [
    ...(p.parent === undefined ? [] : [{ id: p.parent, path: "parent" }]),
    ...(p.dependsOn ?? []).map((id, i) => ({ id, path: `dependsOn[${i}]` })),
  ];
  await checkTaskRefs(ctx, refs, CONTEXT, now);
  if (p.id !== undefined) {
    const [taken] = await ctx.stores.graph.getNodes({ ns: ctx.ns, ids: [p.id] });
    if (taken) throw new ValidationError([{ path: "id", message: `node "${p.id}" already exists in namespace "${ctx.ns}"` }], CONTEXT);
  }
  const id = p.id ?? ctx.newId();
  const node = newTaskNode(ctx, id, p.goal, p.input, ctx.change(p.reason ?? "task added"), now);
  const edges: EdgeWrite[] = [
    ...(p.parent === undefined ? [] : [taskEdge(ctx, CHILD_EDGE, p.parent, id, now)]),
    ...(p.dependsOn ?? []).map((dep) => taskEdge(ctx, DEPENDS_ON_EDGE, id, dep, now)),
  ];
  await ctx.commit([node], edges);
  ctx.tracer.emit("task-add", { id, goal: p.goal, parent: p.parent ?? null, dependsOn: p.dependsOn ?? [] });
  const [stored] = await ctx.stores.graph.getNodes({ ns: ctx.ns, ids: [id] });
  return toTask(stored!);
}
