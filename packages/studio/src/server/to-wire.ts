import type { MemoryNode, Neighbor } from "@hippograph/memory";
import type { WireEdge, WireNode } from "../wire/wire.js";

/** Long texts are cut: a label and an inspector need the gist, and a 100 kB document would stall the page. */
const TEXT_LIMIT = 2_000;

export function wireNode(n: MemoryNode): WireNode {
  return {
    id: n.id,
    kind: n.kind,
    text: n.text === null ? "" : n.text.length > TEXT_LIMIT ? `${n.text.slice(0, TEXT_LIMIT)}…` : n.text,
    at: n.time.at === null ? null : new Date(n.time.at).toISOString(),
    attrs: n.attrs,
    source: { id: n.source.id, type: n.source.type, trust: n.source.trust },
  };
}

/** An adjacency row as a directed edge: `in` rows point at the node asked about. */
export function wireNeighbor(r: Neighbor): WireEdge {
  return r.direction === "out"
    ? { id: r.edge, kind: r.kind, from: r.node, to: r.neighbor, weight: r.weight }
    : { id: r.edge, kind: r.kind, from: r.neighbor, to: r.node, weight: r.weight };
}

