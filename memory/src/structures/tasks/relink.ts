import { ValidationError } from "../../errors.js";
import type { EdgeWrite } from "../../model/edge.js";
import { parseInput } from "../../model/validate.js";
import type { StructureContext } from "../context.js";
import { taskEdge } from "./edges.js";
import { dependenciesSchema, idSchema } from "./inputs.js";
import { checkTaskRefs, loadTask } from "./load-tasks.js";
import { reachingSource } from "./reachability.js";
import { CHILD_EDGE, DEPENDS_ON_EDGE } from "./task.js";

/**
 * Moves a task under another parent (or to the top, with null). A task has at most one parent, so
 * the old child edge's validity closes (it is kept for "as of" reads). Refused, before anything is
 * written, when the new parent is the task itself or one of its descendants: the tree would become a
 * cycle. Descendants are found hop by hop through the store, one neighbours call per level.
 */
export async function setParent(ctx: StructureContext, id: string, parent: string | null): Promise<void> {
  parseInput(idSchema, id, "setParent", "id");
  if (parent !== null) parseInput(idSchema, parent, "setParent", "parent");
  const now = ctx.now();
  await loadTask(ctx, id, "setParent", now);
  if (parent !== null) {
    await checkTaskRefs(ctx, [{ id: parent, path: "parent" }], "setParent", now);
    if (await reachingSource(ctx, [id], parent, CHILD_EDGE, "out", now)) {
      throw new ValidationError([{ path: "parent", message: `"${parent}" is "${id}" or one of its descendants; the tree would form a cycle` }], "setParent");
    }
  }
  const current = await ctx.stores.graph.neighbors({ ns: ctx.ns, ids: [id], direction: "in", edgeKinds: [CHILD_EDGE], view: { validAt: now } });
  if (current.length === 1 && current[0]!.neighbor === parent) return;
  if (current.length === 0 && parent === null) return;
  const old = await ctx.stores.graph.getEdges({ ns: ctx.ns, ids: current.map((r) => r.edge) });
  const edges: EdgeWrite[] = old.map((e) => ({ ...e, time: { validFrom: e.time.validFrom, validTo: now } }));
  if (parent !== null) edges.push(taskEdge(ctx, CHILD_EDGE, parent, id, now));
  await ctx.commit([], edges);
  ctx.tracer.emit("task-link", { id, parent, previousParent: current[0]?.neighbor ?? null });
}

/**
 * Adds prerequisites to a task. Refused, before anything is written, when a prerequisite is the task
 * itself or (transitively) depends on it: the DAG would become a cycle. One breadth-first search from
 * all proposed prerequisites at once, one neighbours call per hop; the error names the culprit's path.
 */
export async function addDependencies(ctx: StructureContext, id: string, dependsOn: readonly string[]): Promise<void> {
  parseInput(idSchema, id, "addDependencies", "id");
  const deps = parseInput(dependenciesSchema, dependsOn, "addDependencies", "dependsOn");
  const now = ctx.now();
  await loadTask(ctx, id, "addDependencies", now);
  await checkTaskRefs(ctx, deps.map((d, i) => ({ id: d, path: `dependsOn[${i}]` })), "addDependencies", now);
  const culprit = await reachingSource(ctx, deps, id, DEPENDS_ON_EDGE, "out", now);
  if (culprit !== undefined) {
    const path = `dependsOn[${deps.indexOf(culprit)}]`;
    const message = culprit === id ? "a task cannot depend on itself" : `"${culprit}" already depends on "${id}"; the dependency graph would form a cycle`;
    throw new ValidationError([{ path, message }], "addDependencies");
  }
  const existing = await ctx.stores.graph.neighbors({ ns: ctx.ns, ids: [id], direction: "out", edgeKinds: [DEPENDS_ON_EDGE], view: { validAt: now } });
  const have = new Set(existing.map((r) => r.neighbor));
  const fresh = deps.filter((d) => !have.has(d));
  if (fresh.length === 0) return;
  await ctx.commit([], fresh.map((d) => taskEdge(ctx, DEPENDS_ON_EDGE, id, d, now)));
  ctx.tracer.emit("task-link", { id, dependsOn: fresh });
}
