import { BaseMessage } from "@langchain/core/messages";

/** Plain text of a message's content (string, or the text parts of a multimodal array). */
export function messageText(message: BaseMessage): string {
  const { content } = message;
  if (typeof content === "string") return content;
  return content.map((part) => (typeof part === "string" ? part : part.type === "text" && typeof part.text === "string" ? part.text : "")).join("");
}

/**
 * The text a node should act on, whatever the channel holds: a string, a message, or a list of them
 * (then the last human message, since that is what a retrieval step is asked about).
 */
export function queryText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (BaseMessage.isInstance(value)) return messageText(value);
  if (Array.isArray(value)) {
    const human = [...value].reverse().find((m) => BaseMessage.isInstance(m) && m.getType() === "human");
    if (human) return messageText(human as BaseMessage);
    const last = value.at(-1);
    return last === undefined ? undefined : queryText(last);
  }
  if (value && typeof value === "object" && typeof (value as { text?: unknown }).text === "string") return (value as { text: string }).text;
  return undefined;
}

/** Ids from a channel holding ids, hits (`{ id }`) or a mix. */
export function idsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.flatMap((v) => (typeof v === "string" ? [v] : v && typeof v === "object" && typeof (v as { id?: unknown }).id === "string" ? [(v as { id: string }).id] : []));
}

/**
 * Seeds from a channel holding ids or hits. A hit's `score` (or `activation`, for a spread fed by a
 * spread), scaled so the best is 1, is its seed activation, and a hit scored <= 0 seeds nothing —
 * as in the retrieval pipeline's graph steps. A bare id seeds at 1, and so does every hit when no
 * score is positive (the scores then say nothing usable). A repeated id keeps its strongest entry.
 */
export function seedsOf(value: unknown): { id: string; activation: number }[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  const best = new Map<string, number | null>(); // null: no score given
  for (const v of list) {
    const id = typeof v === "string" ? v : v && typeof v === "object" && typeof (v as { id?: unknown }).id === "string" ? (v as { id: string }).id : undefined;
    if (id === undefined) continue;
    const s = typeof v === "object" ? ((v as { score?: unknown }).score ?? (v as { activation?: unknown }).activation) : undefined;
    const score = typeof s === "number" && Number.isFinite(s) ? s : null;
    const seen = best.get(id);
    if (seen === undefined || (seen !== null && (score === null || score > seen))) best.set(id, score);
  }
  const top = Math.max(0, ...[...best.values()].map((s) => s ?? 0));
  return [...best].flatMap(([id, s]) => {
    const activation = s === null || top === 0 ? 1 : Math.max(0, s) / top;
    return activation > 0 ? [{ id, activation }] : [];
  });
}
