import type { Memory, MemoryNode } from "@hippograph/memory";

/** What an item node's attrs hold. `store` marks the record type, so findNodes can select by it. */
export interface ItemAttrs {
  store: "item";
  path: string[];
  key: string;
  value: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  /** Insertion order (a hybrid logical clock), kept on update and renewed on re-insert, as InMemoryStore orders. */
  seq: number;
}

/** One per LangGraph namespace ever written or deleted in, in the root namespace; never removed (as InMemoryStore's map). */
export interface NamespaceAttrs {
  store: "namespace";
  path: string[];
  ns: string;
  seq: number;
}

const PAGE = 1000;

/** Every node of `kind` in `ns` whose attrs.store is `type` (and attrs.key is `key`, when given), scanned by keyset pages. */
export async function scan(memory: Memory, ns: string, kind: string, type: "item" | "namespace", key?: string): Promise<MemoryNode[]> {
  const out: MemoryNode[] = [];
  const attrs: Record<string, string> = key === undefined ? { store: type } : { store: type, key };
  let after: string | undefined;
  for (;;) {
    const page = await memory.stores.graph.findNodes({ ns, kinds: [kind], attrs, order: "id", limit: PAGE, ...(after ? { after } : {}) });
    out.push(...page);
    if (page.length < PAGE) return out;
    after = page.at(-1)!.id;
  }
}

/**
 * A deleted item is invalidated, not erased (history is kept); "live" is "valid now and not
 * retracted": `memory.retract` (we stopped believing it, e.g. a poisoned write) hides an item from
 * the store as from every other read.
 */
export function isLive(node: MemoryNode | undefined, now: number): node is MemoryNode {
  return node !== undefined && (node.attrs as Partial<ItemAttrs>).store === "item" && (node.time.validTo === null || node.time.validTo > now) && !isRetracted(node);
}

/** Retracted at any time: the memory stamps a retraction with its own clock, which the store's need not match. */
export function isRetracted(node: MemoryNode): boolean {
  return node.time.expiredAt !== null;
}

export function toItem(node: MemoryNode) {
  const a = node.attrs as unknown as ItemAttrs;
  return { namespace: [...a.path], key: a.key, value: a.value, createdAt: new Date(a.createdAt), updatedAt: new Date(a.updatedAt) };
}
