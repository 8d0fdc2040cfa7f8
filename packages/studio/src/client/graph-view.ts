import { MultiDirectedGraph } from "graphology";
import Sigma from "sigma";
import type { WireNeighbourhood } from "../wire/wire.js";
import { addNeighbourhood, type EdgeLook, type NodeLook, type StudioGraph } from "./to-graph.js";

const FADED = "#2a313b";
const HIGHLIGHT = "#f0b429";
const SELECTED = "#ffffff";

/**
 * The graph, drawn by sigma (WebGL). A highlight — a selected node's path, a step's output — keeps
 * its nodes and edges in colour and fades the rest, through sigma's reducers, so nothing is rebuilt.
 */
export class GraphView {
  private sigma: Sigma<NodeLook, EdgeLook> | undefined;
  private graph: StudioGraph | undefined;
  private focus: { nodes: ReadonlySet<string>; edges: ReadonlySet<string> } | undefined;
  private selected: string | undefined;

  constructor(private readonly container: HTMLElement, private readonly onClick: (id: string) => void) {}

  show(graph: StudioGraph): void {
    this.graph = graph;
    this.focus = undefined;
    this.selected = undefined;
    if (this.sigma) {
      this.sigma.setGraph(graph);
      return;
    }
    this.sigma = new Sigma(graph, this.container, {
      labelColor: { color: "#d8dee9" }, labelRenderedSizeThreshold: 7, defaultEdgeType: "arrow", zIndex: true, renderEdgeLabels: true,
      edgeLabelColor: { color: "#e4577b" },
      nodeReducer: (node, attrs) => {
        if (this.focus && !this.focus.nodes.has(node)) return { ...attrs, color: FADED, label: "", forceLabel: false };
        return node === this.selected ? { ...attrs, size: attrs.size * 1.6, color: SELECTED, forceLabel: true, zIndex: 1 } : attrs;
      },
      edgeReducer: (edge, attrs) => (!this.focus ? attrs : this.focus.edges.has(edge) ? { ...attrs, color: HIGHLIGHT, size: 3 } : { ...attrs, color: FADED }),
    });
    this.sigma.on("clickNode", ({ node }) => this.onClick(node));
    this.sigma.on("clickStage", () => this.highlight(undefined));
  }

  /** Draws nothing. */
  clear(): void {
    this.show(new MultiDirectedGraph<NodeLook, EdgeLook>());
  }

  /** Rings a node and always labels it; undefined clears. */
  select(id: string | undefined): void {
    this.selected = id;
    this.sigma?.refresh();
  }

  /** Keeps these nodes and edges in colour, or everything when undefined. */
  highlight(focus: { nodes: Iterable<string>; edges: Iterable<string> } | undefined): void {
    this.focus = focus && { nodes: new Set(focus.nodes), edges: new Set(focus.edges) };
    this.sigma?.refresh();
  }

  /** Adds a node's neighbours around it (those already drawn stay where they are). */
  expand(around: string, n: WireNeighbourhood): void {
    if (this.graph) addNeighbourhood(this.graph, around, n);
  }
}
