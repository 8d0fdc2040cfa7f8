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
