import { spokenText, type MemoryNode } from "../../model/node.js";

export interface PackOptions {
  tokens: number;
  order: "time" | "score";
}

export interface PackedItem {
  id: string;
  score: number;
  node: MemoryNode;
  /** The line this item contributes to `text`. */
  line: string;
  tokens: number;
}

export interface PackedContext {
  /** The items in reading order, rendered one per line, ready for a prompt. */
  text: string;
  items: PackedItem[];
  tokens: number;
  /** Items left out: over budget, or saying what an included item already says. */
  dropped: { id: string; reason: "budget" | "duplicate" }[];
}

/** About four characters a token for English: errs toward overestimating, so budgets hold. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4) + 1;

/**
 * Fills a token budget with the best items, best first, skipping near-duplicates (same normalised
 * text — a note restating its episode, an event repeating a turn), then lays them out to read
 * well: grouped by thread (conversation), in time order within each, threads ordered by their best
 * item. Greedy by score is what a reader wants from a budget: the strongest evidence is never the
 * item that was dropped to make room.
 */
export function packContext(items: readonly { id: string; score: number; node: MemoryNode }[], o: PackOptions): PackedContext {
  const chosen: PackedItem[] = [];
  const dropped: PackedContext["dropped"] = [];
  const seen = new Set<string>();
  let used = 0;
  for (const item of items) {
    // The text alone already over budget: skip before paying for rendering and normalising it.
    if (used + estimateTokens(item.node.text ?? "") > o.tokens) {
      dropped.push({ id: item.id, reason: "budget" });
      continue;
    }
    // "Ana: text", so a note restating the turn ("Ana: text") is its duplicate.
    const key = normalise(spokenText(item.node.attrs, item.node.text ?? ""));
    if (key && seen.has(key)) {
      dropped.push({ id: item.id, reason: "duplicate" });
      continue;
    }
    const line = render(item.node);
    const tokens = estimateTokens(line);
    if (used + tokens > o.tokens) {
      dropped.push({ id: item.id, reason: "budget" });
      continue;
    }
    if (key) seen.add(key);
    used += tokens;
    chosen.push({ id: item.id, score: item.score, node: item.node, line, tokens });
  }
  const ordered = o.order === "score" ? chosen : readingOrder(chosen);
  return { text: ordered.map((x) => x.line).join("\n"), items: ordered, tokens: used, dropped };
}

function readingOrder(items: readonly PackedItem[]): PackedItem[] {
  const threadRank = new Map<string, number>();
  items.forEach((x, i) => threadRank.has(threadOf(x.node)) || threadRank.set(threadOf(x.node), i));
  return [...items].sort((a, b) => threadRank.get(threadOf(a.node))! - threadRank.get(threadOf(b.node))! || (a.node.time.at ?? 0) - (b.node.time.at ?? 0) || (a.id < b.id ? -1 : 1));
}

function threadOf(node: MemoryNode): string {
  return typeof node.attrs.thread === "string" ? node.attrs.thread : "";
}

/** "[2023-05-08] Ana: text" — the date and speaker a reader needs to place a memory. */
function render(node: MemoryNode): string {
  const date = node.time.at === null ? "" : `[${new Date(node.time.at).toISOString().slice(0, 10)}] `;
  return `${date}${spokenText(node.attrs, (node.text ?? "").replace(/\s+/g, " ").trim())}`;
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}
