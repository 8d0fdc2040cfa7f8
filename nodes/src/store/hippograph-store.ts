import { z } from "zod";
import { kindNameSchema, parseInput, sourceInputSchema, type Memory, type MemoryNode } from "@hippograph/memory";
import { BaseStore, type Item, type Operation, type OperationResults } from "@langchain/langgraph";
import { indexText } from "./index-text.js";
import { matchesFilter } from "./item-filter.js";
import { listPaths, rankByQuery } from "./store-queries.js";
import { generationOf, itemId, memoryNamespace } from "./namespace-codec.js";
import { parseOperations, type ParsedOp } from "./store-inputs.js";
import { isLive, isRetracted, scan, toItem, type ItemAttrs, type NamespaceAttrs } from "./store-records.js";

const optionsSchema = z.object({
  /** Hippograph namespace holding the namespace registry; item namespaces are `${root}/<encoded path>`. */
  root: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, "root must be 1-32 letters, digits, _ or -").default("lg"),
  /** Node kind of stored items: "note" or a kind registered with createMemory({ kinds }). */
  kind: kindNameSchema.default("note"),
  /** Fields searched when put() gives no `index` (LangGraph paths; "$" = the whole value). */
  index: z.object({ fields: z.array(z.string().min(1)).min(1).default(["$"]) }).strict().default({ fields: ["$"] }),
  source: sourceInputSchema.prefault({ id: "langgraph-store", type: "agent" }),
  maxTextChars: z.number().int().min(1).default(32_000),
}).strict();

export type HippographStoreOptions = z.input<typeof optionsSchema> & { memory: Memory; clock?: () => number };

/**
 * Bytes an item's attributes take besides its value and its key and path (which parseOperations
 * counts): the field names and the three numbers. A value that fits the rest is refused up front,
 * naming `operations[i].value`, rather than by the write after earlier puts of the batch landed.
 */
const ITEM_ATTRS_OVERHEAD = JSON.stringify({ store: "item", path: [], key: "", value: null, createdAt: 1e16, updatedAt: 1e16, seq: 1e19 }).length;

type Search = Extract<ParsedOp, { type: "search" }>;
type Put = Extract<ParsedOp, { type: "put" }>;
type List = Extract<ParsedOp, { type: "list" }>;
type SearchItem = Item & { score?: number };

/**
 * A LangGraph BaseStore over Hippograph memory: `compile({ store: new HippographStore({ memory }) })` and the
 * app's `store.put/get/search` land in the memory graph — searchable with BM25 + vectors, versioned, and
 * erasable by source. Semantics follow InMemoryStore exactly (a differential test pins them): reads in a
 * batch see the state before its writes; search without a query lists in namespace-then-insertion order;
 * delete invalidates (history kept) instead of erasing.
 */
export class HippographStore extends BaseStore {
  private readonly memory: Memory;
  private readonly clock: () => number;
  private readonly o: z.output<typeof optionsSchema>;
  private lastSeq = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: HippographStoreOptions) {
    super();
    const { memory, clock, ...rest } = options ?? ({} as HippographStoreOptions);
    if (typeof memory?.search !== "function") throw new TypeError("HippographStore: options.memory must be a Memory from createMemory()");
    this.memory = memory;
    this.clock = clock ?? Date.now;
    this.o = parseInput(optionsSchema, rest, "HippographStore", "options");
  }

  /** Batches run one at a time, so a read-then-write (put's create-or-update) never interleaves with another. */
  async batch<Op extends Operation[]>(operations: Op): Promise<OperationResults<Op>> {
    const parsed = parseOperations(operations, this.memory.limits.maxAttrsBytes - ITEM_ATTRS_OVERHEAD);
    const run = this.queue.then(() => this.run(parsed));
    this.queue = run.catch(() => undefined);
    return (await run) as OperationResults<Op>;
  }

  private async run(ops: ParsedOp[]): Promise<unknown[]> {
    const now = this.clock();
    const results: unknown[] = [];
    // Last write per (namespace, key) wins, applied after every read of the batch, as InMemoryStore does.
    const puts = new Map<string, Put>();
    for (const op of ops) {
      if (op.type === "get") results.push(await this.getItem(op.namespace, op.key, now));
      else if (op.type === "search") results.push(await this.searchItems(op, now));
      else if (op.type === "list") results.push(await this.listNamespacesOp(op));
      else {
        puts.set(JSON.stringify([op.namespace, op.key]), op);
        results.push(null);
      }
    }
    const registered = new Set<string>(); // checked once per batch, not cached for good: an eraseSource may remove a registration
    for (const op of puts.values()) await this.applyPut(op, now, registered);
    return results;
  }

  private async getItem(path: string[], key: string, now: number): Promise<Item | null> {
    const { node } = await this.holder(memoryNamespace(this.o.root, path), key);
    return isLive(node, now) ? toItem(node) : null;
  }

  /**
   * The node that holds `key`, and its id: the newest of its generations (`itemId`) not retracted,
   * or, where every one is, the id of the next. A retraction sticks to its node, so a later put of
   * the key goes to the next generation instead of silently writing into a node no read will
   * return. `older` are the generations below the holder that are still valid.
   */
  private async holder(ns: string, key: string): Promise<{ id: string; node: MemoryNode | undefined; older: MemoryNode[] }> {
    const nodes = await scan(this.memory, ns, this.o.kind, "item", key);
    const generations = nodes.map((node) => ({ node, generation: generationOf(node.id, key) })).filter((g) => g.generation >= 0);
    const newest = Math.max(-1, ...generations.map((g) => g.generation));
    const held = generations.filter((g) => !isRetracted(g.node)).sort((a, b) => b.generation - a.generation)[0];
    const older = generations.filter((g) => g.generation < (held?.generation ?? newest + 1) && g.node.time.validTo === null).map((g) => g.node);
    return held ? { id: held.node.id, node: held.node, older } : { id: itemId(key, newest + 1), node: undefined, older };
  }

  private async searchItems(op: Search, now: number): Promise<SearchItem[]> {
    const namespaces = (await this.registry()).filter((e) => op.namespacePrefix.every((label, i) => e.path[i] === label)).map((e) => e.ns);
    const keeps = (n: MemoryNode) => isLive(n, now) && matchesFilter((n.attrs as unknown as ItemAttrs).value, op.filter);
    const listed = async (ns: string) => (await scan(this.memory, ns, this.o.kind, "item")).filter(keeps).sort((a, b) => seqOf(a) - seqOf(b));
    const wanted = op.offset + op.limit;
    const ordered = op.query
      ? await rankByQuery(this.memory, this.o.kind, op.query, wanted, { namespaces, keeps, listed })
      : await listedInOrder(namespaces, listed, wanted);
    return ordered.slice(op.offset, wanted).map(({ node, score }) => ({ ...toItem(node), score }));
  }

  private async listNamespacesOp(op: List): Promise<string[][]> {
    return listPaths((await this.registry()).map((e) => e.path), op);
  }

  private async applyPut(op: Put, now: number, registered: Set<string>): Promise<void> {
    const ns = memoryNamespace(this.o.root, op.namespace);
    await this.register(op.namespace, ns, registered);
    const { id, node: current, older } = await this.holder(ns, op.key);
    const live = isLive(current, now);
    if (op.value === null) {
      if (live) await this.memory.invalidate(id, { ns, at: now, reason: "deleted through the LangGraph store" });
      return;
    }
    // Older generations are retracted; invalidated too, a key has one live item even if a retraction is undone (eraseSource).
    for (const node of older) await this.memory.invalidate(node.id, { ns, at: now, reason: "superseded: a later put of its key" });
    const previous = live ? (current.attrs as unknown as ItemAttrs) : undefined;
    const attrs: ItemAttrs = {
      store: "item", path: op.namespace, key: op.key, value: op.value,
      createdAt: previous?.createdAt ?? now, updatedAt: now, seq: previous?.seq ?? this.nextSeq(now),
    };
    const text = op.index === false ? null : indexText(op.value, op.index ?? this.o.index.fields, this.o.maxTextChars);
    await this.memory.write({ nodes: [{ id, kind: this.o.kind, text, attrs: { ...attrs }, source: this.o.source }] }, { ns, reason: "put through the LangGraph store" });
  }

  /** Namespaces are registered once and never dropped: InMemoryStore lists a namespace even after its last delete. */
  private async register(path: string[], ns: string, registered: Set<string>): Promise<void> {
    if (registered.has(ns)) return;
    if (!(await this.memory.get(ns, { ns: this.o.root }))) {
      const attrs: NamespaceAttrs = { store: "namespace", path, ns, seq: this.nextSeq(this.clock()) };
      await this.memory.write({ nodes: [{ id: ns, kind: this.o.kind, text: null, attrs: { ...attrs }, source: this.o.source }] }, { ns: this.o.root, reason: "namespace registered" });
    }
    registered.add(ns);
  }

  private async registry(): Promise<NamespaceAttrs[]> {
    const nodes = await scan(this.memory, this.o.root, this.o.kind, "namespace");
    return nodes.map((n) => n.attrs as unknown as NamespaceAttrs).sort((a, b) => a.seq - b.seq);
  }

  /** Hybrid logical clock: time-ordered across restarts, strictly increasing within a process. */
  private nextSeq(now: number): number {
    this.lastSeq = Math.max(this.lastSeq + 1, now * 1000);
    return this.lastSeq;
  }
}

/** Namespace after namespace, each in insertion order, until `wanted` items are found. */
async function listedInOrder(namespaces: readonly string[], listed: (ns: string) => Promise<MemoryNode[]>, wanted: number) {
  const out: { node: MemoryNode; score: undefined }[] = [];
  for (const ns of namespaces) {
    if (out.length >= wanted) break;
    for (const node of await listed(ns)) out.push({ node, score: undefined });
  }
  return out;
}

function seqOf(node: MemoryNode): number {
  return (node.attrs as unknown as ItemAttrs).seq;
}
