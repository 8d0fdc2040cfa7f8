/** LangChain messages ↔ OpenAI chat messages, for the in-process adapters. */
import type { BaseMessage } from "@langchain/core/messages";
import type { ChatMessage } from "../types.js";

const ROLES: Record<string, ChatMessage["role"]> = { human: "user", ai: "assistant", system: "system", tool: "tool", developer: "developer", generic: "user" };

export function toOpenAIMessages(messages: readonly BaseMessage[]): ChatMessage[] {
  return messages.map((m) => {
    const type = m.getType();
    const out: ChatMessage = { role: ROLES[type] ?? "user", content: typeof m.content === "string" ? m.content : (m.content as ChatMessage["content"]) };
    const ai = m as { tool_calls?: { id?: string; name: string; args: unknown }[] };
    if (type === "ai" && ai.tool_calls && ai.tool_calls.length > 0) {
      out.tool_calls = ai.tool_calls.map((tc, i) => ({ id: tc.id ?? `call_${i}`, type: "function" as const, function: { name: tc.name, arguments: JSON.stringify(tc.args) } }));
    }
    const toolId = (m as { tool_call_id?: string }).tool_call_id;
    if (type === "tool" && toolId) out.tool_call_id = toolId;
    return out;
  });
}

/** Parses tool-call arguments the way LangChain wants them (an object), keeping unparsable ones invalid. */
export function parseArgs(text: string): { args: Record<string, unknown> } | { error: string } {
  try {
    const v = JSON.parse(text || "{}") as unknown;
    return typeof v === "object" && v !== null && !Array.isArray(v) ? { args: v as Record<string, unknown> } : { error: "arguments are not a JSON object" };
  } catch (e) {
    return { error: (e as Error).message };
  }
}
