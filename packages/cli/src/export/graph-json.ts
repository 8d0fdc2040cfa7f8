import type { MemoryEdge, MemoryNode } from "@hippograph/memory";
import type { GraphSerializer } from "./serializer.js";

/**
 * graphology's serialisation format (`graph.export()` / `Graph.from()`), one node or edge per line.
 * Multi-graph with self-loops: memory may hold parallel edges of different kinds between two nodes.
 */
export const graphJson: GraphSerializer = {
  start: (ns) =>
    `{"attributes":${JSON.stringify({ ns })},\n"options":{"type":"directed","multi":true,"allowSelfLoops":true},\n"nodes":[\n`,
  node: (n: MemoryNode, i: number) =>
    `${i === 0 ? "" : ",\n"}${JSON.stringify({ key: n.id, attributes: { kind: n.kind, text: n.text, attrs: n.attrs, source: n.source, time: n.time, version: n.version } })}`,
  middle: () => `\n],\n"edges":[\n`,
  edge: (e: MemoryEdge, i: number) =>
    `${i === 0 ? "" : ",\n"}${JSON.stringify({ key: e.id, source: e.from, target: e.to, attributes: { kind: e.kind, weight: e.weight, attrs: e.attrs, source: e.source, time: e.time } })}`,
  end: () => `\n]}\n`,
};
