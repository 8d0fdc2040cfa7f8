import { MultiDirectedGraph } from "graphology";
import layoutModule from "graphology-layout-forceatlas2";
import type { WireEdge, WireNeighbourhood, WireNode, WireRetrieval, WireRole } from "../wire/wire.js";
import { excerpt } from "./excerpt.js";

/** One colour per built-in node kind; kinds an app registered share the last. */
export const KIND_COLORS: Readonly<Record<string, string>> = {
  episode: "#5b8def", note: "#b07cff", event: "#2bb673", entity: "#f0b429", hyperedge: "#e4577b", task: "#20c5c5",
};
export const OTHER_KIND_COLOR = "#9aa5b1";
const EDGE_COLOR = "#3a4452";

export interface NodeLook {
  label: string;
  size: number;
  color: string;
  x: number;
  y: number;
  kind: string;
  /** Sigma draws the label whatever the zoom: the best ranked items. */
  forceLabel: boolean;
}

export interface EdgeLook {
  kind: string;
  size: number;
  color: string;
  /** Drawn along the edge (an agent graph's router conditions). */
  label?: string;
}

export type StudioGraph = MultiDirectedGraph<NodeLook, EdgeLook>;

/**
 * The layout package is CommonJS with an ES-style default in its types: under NodeNext, TypeScript types
 * the default import as the module record, while Node and esbuild both hand over `module.exports`, the layout.
 */
const forceAtlas2 = layoutModule as unknown as (typeof layoutModule)["default"];

const LAYOUT_ITERATIONS = 300;
const LABELLED_RANKS = 5;
const BARNES_HUT_FROM = 300;

/**
 * A retrieval as a graph to draw: size grows with activation (ranked items never drawn smaller than
 * a seed), colour tells the kind, labels start with the rank. Placed by ForceAtlas2 from a spiral, so the
 * same answer is drawn the same way every time.
 */
export function retrievalGraph(r: WireRetrieval): StudioGraph {
  const graph: StudioGraph = new MultiDirectedGraph({ allowSelfLoops: true });
  const peak = Math.max(1e-12, ...Object.values(r.roles).map((x) => x.activation ?? 0));
  r.nodes.forEach((n, i) => {
    const angle = i * 2.399963; // the golden angle: an even spiral for any count
    const radius = 10 * Math.sqrt(i + 1);
    graph.addNode(n.id, nodeLook(n, r.roles[n.id], peak, radius * Math.cos(angle), radius * Math.sin(angle)));
  });
  addEdges(graph, r.edges);
  if (graph.order > 1) {
    // Barnes–Hut past a few hundred nodes: exact repulsion is quadratic, and the layout runs on the page's one thread.
    const settings = { ...forceAtlas2.inferSettings(graph), linLogMode: true, adjustSizes: true, barnesHutOptimize: graph.order > BARNES_HUT_FROM };
    forceAtlas2.assign(graph, { iterations: LAYOUT_ITERATIONS, settings });
  }
  return graph;
}

/**
 * The edges of a strongest path (seed first, then each step and the edge kind it came by), in
 * either direction, since activation flows both ways along an edge. A step whose edge is not drawn is skipped.
 */
export function pathEdges(graph: StudioGraph, path: readonly { id: string; via: string }[]): string[] {
  const keys: string[] = [];
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1]!.id;
    const b = path[i]!.id;
    if (!graph.hasNode(a) || !graph.hasNode(b)) continue;
    const key = [...graph.edges(a, b), ...graph.edges(b, a)].find((k) => graph.getEdgeAttribute(k, "kind") === path[i]!.via);
    if (key !== undefined) keys.push(key);
  }
  return keys;
}

/** Adds a node's neighbours in a ring around it (nodes already drawn stay where they are) and the edges to them. */
export function addNeighbourhood(graph: StudioGraph, around: string, n: WireNeighbourhood): void {
  if (!graph.hasNode(around)) return;
  const { x, y } = graph.getNodeAttributes(around);
  const fresh = n.nodes.filter((m) => !graph.hasNode(m.id));
  fresh.forEach((m, i) => {
    const angle = (2 * Math.PI * i) / fresh.length;
    graph.addNode(m.id, nodeLook(m, undefined, 1, x + 40 * Math.cos(angle), y + 40 * Math.sin(angle)));
  });
  addEdges(graph, n.edges);
}

function nodeLook(n: WireNode, role: WireRole | undefined, peak: number, x: number, y: number): NodeLook {
  return {
    label: label(n.kind, n.text, role), size: size(role, peak), color: KIND_COLORS[n.kind] ?? OTHER_KIND_COLOR, x, y, kind: n.kind,
    forceLabel: role?.rank != null && role.rank <= LABELLED_RANKS,
  };
}

/** Edges between drawn nodes, each once. */
function addEdges(graph: StudioGraph, edges: readonly WireEdge[]): void {
  for (const e of edges) {
    if (!graph.hasNode(e.from) || !graph.hasNode(e.to) || graph.hasEdge(e.id)) continue;
    graph.addDirectedEdgeWithKey(e.id, e.from, e.to, { kind: e.kind, size: 0.5 + e.weight, color: EDGE_COLOR });
  }
}

function size(role: WireRole | undefined, peak: number): number {
  const activated = role?.activation ? 3 + 12 * Math.sqrt(role.activation / peak) : 3;
  return role?.rank != null || role?.seed ? Math.max(activated, 6) : activated;
}

const LABEL_CHARS = 40;

function label(kind: string, text: string, role: WireRole | undefined): string {
  const body = text.trim() === "" ? kind : excerpt(text, LABEL_CHARS);
  return role?.rank != null ? `#${role.rank} ${body}` : body;
}
