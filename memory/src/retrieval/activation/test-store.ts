import type { EdgeWrite } from "../../model/edge.js";
import type { NodeWrite } from "../../model/node.js";
import { openEmbeddedStore, type EmbeddedStore } from "../../store/embedded/embedded-store.js";
import type { TestEdge } from "./test-graph.js";

const source = { id: "test", type: "system", trust: 1 } as const;
const change = { actor: "test", reason: "fixture", at: 1 };

/** A throwaway embedded store holding these edges (and their end nodes) in namespace `ns`. */
export async function storeWith(edges: readonly TestEdge[], ns = "t"): Promise<EmbeddedStore> {
  const store = await openEmbeddedStore({ path: ":memory:", dimensions: 8 });
  await writeEdges(store, edges, ns);
  return store;
}

/** Writes the edges and their end nodes (ids starting with "H" are hyperedges); edge ids are `${prefix}${i}`. */
export async function writeEdges(store: EmbeddedStore, edges: readonly TestEdge[], ns: string, prefix = "e"): Promise<void> {
  const ids = [...new Set(edges.flatMap(([from, , to]) => [from, to]))];
  const nodes: NodeWrite[] = ids.map((id) => ({
    id, ns, kind: id.startsWith("H") ? "hyperedge" : "entity", text: id, attrs: {}, source, time: { at: null, validFrom: null, validTo: null }, change,
  }));
  const written: EdgeWrite[] = edges.map(([from, kind, to, weight], i) => ({
    id: `${prefix}${i}`, ns, kind, from, to, weight: weight ?? 1, attrs: {}, source, time: { validFrom: null, validTo: null },
  }));
  await store.write({ nodes, edges: written });
}
