import type { GraphWrite } from "./graph-store.js";
import type { TextDoc } from "./text-index.js";
import type { VectorPoint } from "./vector-store.js";

/** Everything one memory write touches across the three stores. */
export interface MemoryBatch {
  graph: GraphWrite;
  texts: readonly TextDoc[];
  vectors: readonly VectorPoint[];
}

/**
 * Optional capability of a backend that holds all three stores in one transactional engine
 * (the embedded SQLite store): commit a whole MemoryBatch atomically. Without it, the facade writes
 * the indexes first and the graph last, so the graph commit is the point of visibility and an
 * interrupted batch leaves only orphan index entries, which reads never surface.
 */
export interface AtomicCommit {
  commit(batch: MemoryBatch): Promise<void>;
}

export function hasAtomicCommit(value: unknown): value is AtomicCommit {
  return typeof (value as { commit?: unknown } | null)?.commit === "function";
}
