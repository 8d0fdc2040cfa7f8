/**
 * A StructureContext over a throwaway embedded store, for the structures' tests (hypergraph, tasks):
 * the facade's commit path (`commitBatch`: graph, FTS and vectors in one transaction), a constant-cost
 * embedder, a ring-buffer trace sink and a deterministic clock that ticks 1 ms a call. A test fixture
 * (`test-*.ts`), so the import rules let it wire a backend in; structure code itself never does.
 */
import { commitBatch } from "../facade/store-set.js";
import { openEmbeddedStore, type EmbeddedStore } from "../store/embedded/embedded-store.js";
import type { EdgeWrite } from "../model/edge.js";
import type { NodeWrite } from "../model/node.js";
import type { Source } from "../model/provenance.js";
import type { Embedder } from "../ports/embedder.js";
import { RingBufferSink } from "../trace/ring-buffer-sink.js";
import { Tracer } from "../trace/tracer.js";
import type { StructureContext } from "./context.js";

export interface TestStructureContext {
  ctx: StructureContext;
  store: EmbeddedStore;
  sink: RingBufferSink;
  /** Trace event types emitted so far, oldest first. */
  events(type?: string): { type: string; data: Record<string, unknown> }[];
  close(): Promise<void>;
}

const DIMENSIONS = 8;

/** Deterministic, model-free: enough to exercise the vector write path, not to rank anything. */
export const trivialEmbedder: Embedder = {
  id: "test-trivial-8",
  dimensions: DIMENSIONS,
  embed: async (texts) => texts.map((t) => Float32Array.from({ length: DIMENSIONS }, (_, i) => 1 + ((t.length + i) % 5))),
};

export async function openTestStructureContext(options: { ns?: string; source?: Source; start?: number } = {}): Promise<TestStructureContext> {
  const store = await openEmbeddedStore({ path: ":memory:", dimensions: DIMENSIONS });
  const stores = { graph: store, vectors: store, text: store };
  const ns = options.ns ?? "test";
  let clock = options.start ?? 1_700_000_000_000;
  const now = () => clock++;
  const sink = new RingBufferSink();
  let seq = 0;
  const ctx: StructureContext = {
    ns,
    stores,
    async commit(nodes: NodeWrite[], edges: EdgeWrite[], opts?: { embedText?: ReadonlyMap<string, string> }) {
      const withText = nodes.filter((n) => n.text !== null && n.text.length > 0);
      const texts = withText.map((n) => ({ ns: n.ns, id: n.id, kind: n.kind, text: n.text! }));
      const vectors = await trivialEmbedder.embed(withText.map((n) => opts?.embedText?.get(n.id) ?? n.text!));
      await commitBatch(stores, { graph: { nodes, edges }, texts, vectors: withText.map((n, i) => ({ ns: n.ns, id: n.id, kind: n.kind, vector: vectors[i]! })) });
    },
    change: (reason) => ({ actor: "tester", reason, at: clock }),
    source: options.source ?? { id: "test-source", type: "agent", trust: 0.7 },
    tracer: new Tracer(sink, ns, () => clock),
    // Readable, ordered ids make failures easy to read; uniqueness is all the structures rely on.
    newId: () => `id-${String(++seq).padStart(4, "0")}`,
    now,
  };
  return {
    ctx, store, sink,
    events: (type) => sink.events(type ? { type } : undefined).map((e) => ({ type: e.type, data: e.data })),
    close: () => store.close(),
  };
}
