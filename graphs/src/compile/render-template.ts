import { BaseMessage } from "@langchain/core/messages";
import { messageText } from "@hippograph/nodes";

/** `{channel}` → that channel's value as prompt text; braces naming anything else are left alone. */
export function renderTemplate(template: string, state: Record<string, unknown>, channels: ReadonlySet<string>): string {
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => (channels.has(name) ? asText(state[name]) : whole));
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (BaseMessage.isInstance(value)) return messageText(value);
  if (Array.isArray(value)) return value.length === 0 ? "(none)" : value.map((v) => `- ${itemText(v)}`).join("\n");
  return JSON.stringify(value);
}

/** Memories and tasks render as their text (or title), not as JSON noise. */
function itemText(v: unknown): string {
  if (v && typeof v === "object") {
    const o = v as { text?: unknown; title?: unknown; status?: unknown };
    if (typeof o.text === "string") return o.text;
    if (typeof o.title === "string") return typeof o.status === "string" ? `[${o.status}] ${o.title}` : o.title;
  }
  return asText(v);
}
