import { writeEdges } from "../../memory/src/retrieval/activation/test-store.js";
import type { EmbeddedStore } from "../../memory/src/store/embedded/embedded-store.js";

export const NODES = ["p", "q", "r", "s", "w"];
export const NAMESPACES = ["t", "u"];

/** A vector per small integer, far apart from the others. */
export const vector = (i: number) => Float32Array.from({ length: 8 }, (_, d) => (d === i % 8 ? 1 : 0.1));

/**
 * One random write, as a writer of the two-writers test makes them: mostly edge inserts (ids drawn
 * from 400 per writer, so some are rewrites), then invalidations, vector writes and deletions.
 * Erasure is left to the in-process tests: every edge here has the same source, so it would wipe
 * the namespaces, and each catch-up would then read them anew rather than take inserts in place.
 */
export async function randomStoreOp(store: EmbeddedStore, rand: (n: number) => number, prefix: string): Promise<void> {
  const ns = NAMESPACES[rand(2)]!;
  const op = rand(20);
  if (op < 12) await writeEdges(store, [[NODES[rand(5)]!, "link", NODES[rand(5)]!]], ns, `${prefix}e${rand(400)}-`);
  else if (op < 13) await store.invalidate({ ns, edgeIds: [`${prefix}e${rand(400)}-0`], validTo: 500, change: { actor: "test", reason: "stress", at: 500 } });
  else if (op < 18) await store.upsert([{ ns, id: `v${rand(12)}`, kind: "note", vector: vector(rand(8)) }]);
  else await store.delete({ ns, ids: [`v${rand(12)}`] });
}
