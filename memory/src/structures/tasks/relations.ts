import type { StructureContext } from "../context.js";
import { CHILD_EDGE, DEPENDS_ON_EDGE } from "./task.js";

export interface TaskRelations {
  parent: string | null;
  children: string[];
  /** Prerequisites: tasks this one depends on. */
  dependsOn: string[];
  /** Tasks that depend on this one. */
  dependents: string[];
}

/** A task's tree and DAG neighbours, from one neighbours call over edges valid now. */
export async function taskRelations(ctx: StructureContext, id: string, now: number): Promise<TaskRelations> {
  const rows = await ctx.stores.graph.neighbors({ ns: ctx.ns, ids: [id], direction: "both", edgeKinds: [CHILD_EDGE, DEPENDS_ON_EDGE], view: { validAt: now } });
  const pick = (kind: string, direction: "in" | "out") => rows.filter((r) => r.kind === kind && r.direction === direction).map((r) => r.neighbor).sort();
  return {
    parent: pick(CHILD_EDGE, "in")[0] ?? null,
    children: pick(CHILD_EDGE, "out"),
    dependsOn: pick(DEPENDS_ON_EDGE, "out"),
    dependents: pick(DEPENDS_ON_EDGE, "in"),
  };
}
