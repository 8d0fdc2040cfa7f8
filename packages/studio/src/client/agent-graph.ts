import { MultiDirectedGraph } from "graphology";
import type { WireAgentGraph, WireAgentRun } from "../wire/wire.js";
import type { EdgeLook, NodeLook, StudioGraph } from "./to-graph.js";

/** One colour per agent node type. */
export const AGENT_TYPE_COLORS: Readonly<Record<string, string>> = {
  start: "#d8dee9", end: "#d8dee9", llm: "#5b8def", tool: "#f0b429", memory: "#2bb673", router: "#e4577b",
  subgraph: "#b07cff", interrupt: "#ff8c42", function: "#20c5c5",
};
const COLUMN = 100;
const ROW = 60;
/** Odd columns sit lower, so an edge that skips a column (a router's exit, a loop back) does not run through the node between. */
const ZIGZAG = 45;

/**
 * A workflow drawn left to right: a node's column is its distance from START along the edges
 * (router branches included), END one column past the rest, nodes START cannot reach after those;
 * within a column, nodes keep the spec's order, centred, odd columns lowered. No force layout: a workflow reads as a flow.
 */
export function agentGraph(w: WireAgentGraph): StudioGraph {
  const graph: StudioGraph = new MultiDirectedGraph<NodeLook, EdgeLook>({ allowSelfLoops: true });
  const column = columns(w);
  const rows = new Map<number, number>();
  const counts = new Map<number, number>();
  for (const n of w.nodes) counts.set(column.get(n.id)!, (counts.get(column.get(n.id)!) ?? 0) + 1);
  for (const n of w.nodes) {
    const c = column.get(n.id)!;
    const r = rows.get(c) ?? 0;
    rows.set(c, r + 1);
    graph.addNode(n.id, {
      label: n.id, size: n.type === "start" || n.type === "end" ? 6 : 10, color: AGENT_TYPE_COLORS[n.type] ?? "#9aa5b1",
      x: c * COLUMN, y: (r - (counts.get(c)! - 1) / 2) * ROW + (c % 2) * ZIGZAG, kind: n.type, forceLabel: true,
    });
  }
  w.edges.forEach((e, i) => {
    if (!graph.hasNode(e.from) || !graph.hasNode(e.to)) return;
    graph.addDirectedEdgeWithKey(`e${i}`, e.from, e.to, { kind: e.when === null ? "edge" : "route", size: 1.5, color: e.when === null ? "#5a6472" : "#e4577b", ...(e.when ? { label: e.when } : {}) });
  });
  return graph;
}

function columns(w: WireAgentGraph): Map<string, number> {
  const out = new Map<string, number>();
  const next = new Map<string, string[]>();
  for (const e of w.edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const queue = ["START"];
  out.set("START", 0);
  while (queue.length) {
    const at = queue.shift()!;
    for (const to of next.get(at) ?? []) {
      if (out.has(to) || to === "END") continue;
      out.set(to, out.get(at)! + 1);
      queue.push(to);
    }
  }
  const last = Math.max(0, ...[...out.values()]);
  out.set("END", last + 1);
  let unreached = last + 2;
  for (const n of w.nodes) if (!out.has(n.id)) out.set(n.id, unreached++);
  return out;
}

/**
 * What to light for step `i` of a run: the node that ran, the one control came from (START for the
 * first), and the edges between them. Several edges may join the two (a plain edge and a router branch).
 */
export function stepFocus(graph: StudioGraph, run: WireAgentRun, i: number): { nodes: string[]; edges: string[] } {
  const node = run.steps[i]?.node;
  if (node === undefined || !graph.hasNode(node)) return { nodes: [], edges: [] };
  const from = i === 0 ? "START" : run.steps[i - 1]!.node;
  if (!graph.hasNode(from)) return { nodes: [node], edges: [] };
  return { nodes: [from, node], edges: graph.edges(from, node) };
}
