import type { EdgeWrite } from "../model/edge.js";
import type { Change, NodeWrite } from "../model/node.js";
import type { Source } from "../model/provenance.js";
import type { GraphStore } from "../ports/graph-store.js";
import type { TextIndex } from "../ports/text-index.js";
import type { VectorStore } from "../ports/vector-store.js";
import type { Tracer } from "../trace/tracer.js";

/**
 * What a memory structure needs from the memory it writes into. Structures read and write only
 * through these ports, so they run unchanged on every backend; the facade implements it per call.
 */
export interface StructureContext {
  ns: string;
  stores: { graph: GraphStore; vectors?: VectorStore; text?: TextIndex };
  /**
   * Commits nodes and edges atomically; text-bearing nodes are indexed and embedded. `embedText`
   * overrides what is embedded for a node (A-MEM embeds content + keywords + tags + context).
   */
  commit(nodes: NodeWrite[], edges: EdgeWrite[], options?: { embedText?: ReadonlyMap<string, string> }): Promise<void>;
  /** Embeds texts with the memory's embedder (for candidate search before a write). */
  embed?(texts: readonly string[]): Promise<Float32Array[]>;
  change(reason: string): Change;
  source: Source;
  tracer: Tracer;
  newId(): string;
  now(): number;
}
