import type { MemoryEdge, MemoryNode } from "@hippograph/memory";

/**
 * A graph format written piece by piece: the exporter pages through the store and emits each node
 * and edge as it arrives, so exporting never holds the whole graph in memory.
 */
export interface GraphSerializer {
  /** Everything before the first node. */
  start(ns: string): string;
  node(node: MemoryNode, index: number): string;
  /** Between the last node and the first edge. */
  middle(): string;
  edge(edge: MemoryEdge, index: number): string;
  end(): string;
}
