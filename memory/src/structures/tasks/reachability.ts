import { ValidationError } from "../../errors.js";
import type { StructureContext } from "../context.js";

/**
 * Safety net against a corrupted or runaway graph: a task tree deeper or wider than this is not a plan.
 * A cycle check that gives up refuses the edge (fails closed) rather than letting a cycle in unseen.
 */
const MAX_VISITED = 100_000;

/**
 * Breadth-first search from `sources` along `edgeKind` in `direction`, looking for `target`: one
 * neighbours call per hop for the whole frontier, over edges valid now. Returns the source from which
 * `target` is reachable (the culprit to name in an error), or undefined.
 */
export async function reachingSource(
  ctx: StructureContext, sources: readonly string[], target: string, edgeKind: string, direction: "out" | "in", now: number,
): Promise<string | undefined> {
  const origin = new Map<string, string>(sources.map((s) => [s, s]));
  if (origin.has(target)) return target;
  let frontier = [...origin.keys()];
  while (frontier.length > 0 && origin.size < MAX_VISITED) {
    const rows = await ctx.stores.graph.neighbors({ ns: ctx.ns, ids: frontier, direction, edgeKinds: [edgeKind], view: { validAt: now } });
    const next: string[] = [];
    for (const r of rows) {
      if (origin.has(r.neighbor)) continue;
      const from = origin.get(r.node)!;
      if (r.neighbor === target) return from;
      origin.set(r.neighbor, from);
      next.push(r.neighbor);
    }
    frontier = next;
  }
  if (frontier.length > 0) {
    throw new ValidationError([{ path: "(root)", message: `more than ${MAX_VISITED} tasks reachable; cannot check for a cycle` }], "cycle check");
  }
  return undefined;
}

/** Every node reachable from `start` (excluded) along `edgeKind`, in breadth-first order; one call per hop. */
export async function reachableFrom(ctx: StructureContext, start: string, edgeKind: string, direction: "out" | "in", now: number): Promise<string[]> {
  const seen = new Set([start]);
  const order: string[] = [];
  let frontier = [start];
  while (frontier.length > 0 && seen.size < MAX_VISITED) {
    const rows = await ctx.stores.graph.neighbors({ ns: ctx.ns, ids: frontier, direction, edgeKinds: [edgeKind], view: { validAt: now } });
    frontier = [];
    for (const r of rows) {
      if (seen.has(r.neighbor)) continue;
      seen.add(r.neighbor);
      order.push(r.neighbor);
      frontier.push(r.neighbor);
    }
  }
  return order;
}
