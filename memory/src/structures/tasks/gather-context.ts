import type { StructureContext } from "../context.js";
import { loadTask } from "./load-tasks.js";
import { CHILD_EDGE, DEPENDS_ON_EDGE, isLiveTask, toTask, type Task } from "./task.js";

/** What a task's prompt section may draw on (TME v1: the active node path, plus the v2 DAG's prerequisites). */
export interface ContextParts {
  /** Root first, the active task last. */
  path: Task[];
  /** Direct prerequisites of the active task. */
  dependencies: Task[];
  /** Finished (done or failed) siblings, most recently finished first, at most `maxSiblings`. */
  siblings: Task[];
  /** Finished siblings beyond `maxSiblings`, left out before rendering. */
  siblingsOverLimit: Task[];
}

const MAX_DEPTH = 1_000;

/**
 * Reads the neighbourhood of the active task with one neighbours call per level of ancestry, one for
 * the siblings and one getNodes for everything found — never a call per task.
 */
export async function gatherContext(ctx: StructureContext, id: string, maxSiblings: number, now: number): Promise<ContextParts> {
  const graph = ctx.stores.graph;
  const view = { validAt: now };
  const active = await loadTask(ctx, id, "context", now);
  const first = await graph.neighbors({ ns: ctx.ns, ids: [id], direction: "both", edgeKinds: [CHILD_EDGE, DEPENDS_ON_EDGE], view });
  const depIds = first.filter((r) => r.kind === DEPENDS_ON_EDGE && r.direction === "out").map((r) => r.neighbor);
  const parentId = first.find((r) => r.kind === CHILD_EDGE && r.direction === "in")?.neighbor;

  const ancestors: string[] = []; // nearest first
  const seen = new Set([id]);
  for (let cur = parentId; cur !== undefined && !seen.has(cur) && ancestors.length < MAX_DEPTH;) {
    ancestors.push(cur);
    seen.add(cur);
    const up = await graph.neighbors({ ns: ctx.ns, ids: [cur], direction: "in", edgeKinds: [CHILD_EDGE], view });
    cur = up[0]?.neighbor;
  }
  const siblingIds = parentId === undefined ? [] : (await graph.neighbors({ ns: ctx.ns, ids: [parentId], direction: "out", edgeKinds: [CHILD_EDGE], view }))
    .map((r) => r.neighbor).filter((s) => s !== id);

  const nodes = await graph.getNodes({ ns: ctx.ns, ids: [...new Set([...ancestors, ...depIds, ...siblingIds])] });
  const tasks = new Map(nodes.filter((n) => isLiveTask(n, now)).map((n) => [n.id, toTask(n)]));
  const pick = (ids: readonly string[]) => ids.map((i) => tasks.get(i)).filter((t): t is Task => t !== undefined);
  // A sibling that is also a prerequisite is shown once, as a prerequisite: that is why it matters here.
  const finished = pick(siblingIds)
    .filter((t) => (t.status === "done" || t.status === "failed") && !depIds.includes(t.id))
    .sort((a, b) => b.statusAt - a.statusAt || (a.id < b.id ? -1 : 1));
  return {
    path: [...pick(ancestors).reverse(), active],
    dependencies: pick(depIds).sort((a, b) => (a.id < b.id ? -1 : 1)),
    siblings: finished.slice(0, maxSiblings),
    siblingsOverLimit: finished.slice(maxSiblings),
  };
}
