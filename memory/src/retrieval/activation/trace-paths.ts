import type { NodeScratch } from "./node-scratch.js";

/**
 * Strongest paths, traced after the last hop for the nodes that need one: those returned, and
 * those that fired, since a path through a node starts from the strength it held when it fired.
 * The hops relax without offering paths: that bookkeeping halved the hop loop's speed, and a
 * spread's last hop reaches tens of thousands of nodes of which a few dozen are returned.
 *
 * The replay walks the spread's log in order and offers each marked node the paths it was passed.
 * A node's path is decided by the offers it received, in the order received, each made with the
 * strength its source held then; every source fired, so it is marked too, and each marked node
 * ends with the path that offering along every edge as it was relaxed would have given it. The
 * explanations are those of eager bookkeeping, at a fraction of the cost.
 *
 * Call once per spread, after its last hop: a marked node's strength starts as the hops left it
 * (a seed's own activation, nothing for the others), and its parent is cleared here. `nodes` may
 * repeat. The caller zeroes the strengths after (`NodeScratch.settle`).
 */
export function tracePaths(s: NodeScratch, nodes: readonly number[]): void {
  const { marks, strength, parent } = s;
  const { targets, factors, kinds, sources, length } = s.log;
  for (const v of nodes) {
    marks[v >>> 5] = marks[v >>> 5]! | (1 << (v & 31));
    parent[v] = -1;
  }
  for (let j = 0; j < length; j++) {
    const v = targets[j]!;
    if (((marks[v >>> 5]! >>> (v & 31)) & 1) === 0) continue;
    const u = sources[j]!;
    const su = strength[u]!;
    s.offerPath(v, u, kinds[j]!, su * factors[j]!, su);
  }
  for (const v of nodes) marks[v >>> 5] = 0;
}
