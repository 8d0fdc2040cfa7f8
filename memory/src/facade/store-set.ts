import type { GraphStore } from "../ports/graph-store.js";
import { hasAtomicCommit, type MemoryBatch } from "../ports/memory-batch.js";
import type { TextIndex } from "../ports/text-index.js";
import type { VectorStore } from "../ports/vector-store.js";

/** The three stores one memory writes to. They may be one object (embedded) or three services. */
export interface StoreSet {
  graph: GraphStore;
  vectors: VectorStore;
  text: TextIndex;
}

/**
 * Commits one memory write. A backend that holds all three stores transactionally commits it in
 * one go. Otherwise the derived indexes are written first and the graph last: the graph commit is
 * the moment the batch becomes visible, since every read resolves hits through the graph, and a
 * crash in between leaves only orphan index entries that no read returns.
 */
export async function commitBatch(stores: StoreSet, batch: MemoryBatch): Promise<void> {
  const { graph, vectors, text } = stores;
  if (graph === (vectors as unknown) && graph === (text as unknown) && hasAtomicCommit(graph)) {
    await graph.commit(batch);
    return;
  }
  if (batch.vectors.length > 0) await vectors.upsert(batch.vectors);
  if (batch.texts.length > 0) await text.index(batch.texts);
  await graph.write(batch.graph);
}

/** Closes each distinct store once. */
export async function closeStores(stores: StoreSet): Promise<void> {
  const unique = new Set<{ close(): Promise<void> }>([stores.graph, stores.vectors, stores.text]);
  for (const store of unique) await store.close();
}
