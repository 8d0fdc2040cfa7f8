import { z } from "zod";
import { ValidationError } from "../errors.js";
import { hashEmbedder } from "../embed/hash-embedder.js";
import { KindRegistry, kindNameSchema } from "../model/kinds.js";
import { DEFAULT_NAMESPACE, namespaceSchema } from "../model/namespace.js";
import { parseInput } from "../model/validate.js";
import type { Embedder } from "../ports/embedder.js";
import type { GraphStore } from "../ports/graph-store.js";
import type { TextIndex } from "../ports/text-index.js";
import type { VectorStore } from "../ports/vector-store.js";
import { openEmbeddedStore } from "../store/embedded/embedded-store.js";
import { DEFAULT_LIMITS } from "./inputs.js";
import { Memory } from "./memory.js";
import { ruleBasedExtractor } from "../extract/rule-based-extractor.js";
import type { Extractor } from "../ports/extractor.js";
import type { LinkDecider } from "../structures/zettel/link-decision.js";
import { RingBufferSink } from "../trace/ring-buffer-sink.js";
import type { TraceSink } from "../trace/trace-event.js";

const optionsSchema = z
  .object({
    /** SQLite file for the embedded store; ":memory:" (the default) keeps nothing. */
    path: z.string().min(1).default(":memory:"),
    namespace: namespaceSchema.default(DEFAULT_NAMESPACE),
    actor: z.string().min(1).max(256).default("hippograph"),
    durability: z.enum(["normal", "full"]).default("normal"),
    /**
     * Open an existing file without ever writing to it or beside it (debuggers, audits, a reader
     * beside a live writer): writes throw ReadOnlyError; commits of other processes still show.
     */
    readOnly: z.boolean().default(false),
    annThreshold: z.number().int().min(1).optional(),
    kinds: z.object({ nodeKinds: z.array(kindNameSchema).optional(), edgeKinds: z.array(kindNameSchema).optional() }).strict().default({}),
    limits: z
      .object({
        maxTextChars: z.number().int().min(1).optional(),
        maxAttrsBytes: z.number().int().min(2).optional(),
        maxBatch: z.number().int().min(1).optional(),
      })
      .strict()
      .default({}),
  })
  .passthrough();

export interface MemoryOptions extends z.input<typeof optionsSchema> {
  /** Default: the hash embedder (no model, no download). */
  embedder?: Embedder;
  /** Default: the rule-based extractor (no model). `llmExtractor({ model })` for an LLM. */
  extractor?: Extractor;
  /** Decides A-MEM note links and evolution. Default: the threshold rule; `llmDecider(model)` for an LLM. */
  decider?: LinkDecider;
  /** Where trace events go. Default: a ring buffer of the last 10,000, readable as `memory.trace`. */
  trace?: TraceSink;
  /** Backends; default: the embedded store at `path`. Give all three or none. */
  graph?: GraphStore;
  vectors?: VectorStore;
  text?: TextIndex;
  /** Time source, for tests and replays. */
  clock?: () => number;
}

/**
 * `createMemory()` with no arguments works offline: embedded store in memory, hash embedder,
 * default namespace. Swapping a backend or the embedder changes no calling code.
 */
export async function createMemory(options: MemoryOptions = {}): Promise<Memory> {
  const { embedder = hashEmbedder(), extractor = ruleBasedExtractor(), decider, trace = new RingBufferSink(), graph, vectors, text, clock = Date.now, ...rest } = options;
  const o = parseInput(optionsSchema, rest, "createMemory");
  const kinds = new KindRegistry(o.kinds);
  const given = [graph, vectors, text].filter(Boolean).length;
  if (given !== 0 && given !== 3) {
    throw new ValidationError([{ path: "graph", message: "give graph, vectors and text together, or none of them" }], "createMemory");
  }
  if (o.readOnly && given !== 0) {
    throw new ValidationError([{ path: "readOnly", message: "applies to the embedded store; give remote backends read-only credentials instead" }], "createMemory");
  }
  if (o.readOnly && o.path === ":memory:") {
    throw new ValidationError([{ path: "path", message: "readOnly needs a file: an in-memory store would always be empty" }], "createMemory");
  }
  const stores = graph && vectors && text
    ? { graph, vectors, text }
    : await embeddedStores(o, embedder, kinds);
  return new Memory({
    stores, embedder, extractor, decider, trace, kinds, clock,
    limits: { ...DEFAULT_LIMITS, ...o.limits },
    namespace: o.namespace,
    actor: o.actor,
    readOnly: o.readOnly,
  });
}

async function embeddedStores(o: z.output<typeof optionsSchema>, embedder: Embedder, kinds: KindRegistry) {
  const { path, durability, annThreshold, readOnly } = o;
  const store = await openEmbeddedStore({ path, dimensions: embedder.dimensions, durability, annThreshold, kinds, readOnly });
  try {
    store.claimEmbedder(embedder.id);
  } catch (error) {
    await store.close();
    throw error;
  }
  return { graph: store, vectors: store, text: store };
}
