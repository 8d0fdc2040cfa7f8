import { BaseChatModel, type BaseChatModelParams } from "@langchain/core/language_models/chat_models";
import { AIMessage, type BaseMessage, isAIMessage, isToolMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { convertToOpenAITool } from "@langchain/core/utils/function_calling";
import { messageText } from "@hippograph/nodes";

export interface OpenAICompatibleOptions extends BaseChatModelParams {
  /** Up to and including `/v1`, as OPENAI_BASE_URL is usually given: `http://localhost:8000/v1`. */
  baseURL: string;
  model: string;
  apiKey?: string;
  temperature?: number;
  fetch?: typeof fetch;
}

interface WireToolCall { id: string; type: "function"; function: { name: string; arguments: string } }
interface WireMessage { role: string; content: string | null; tool_calls?: WireToolCall[]; tool_call_id?: string }

/**
 * A minimal chat model for any OpenAI-compatible `/v1/chat/completions` endpoint (OpenAI, vLLM, Ollama,
 * LM Studio), with tool calling. @langchain/openai is not a dependency; this covers what agent graphs need.
 */
export class OpenAICompatibleChatModel extends BaseChatModel {
  private readonly o: OpenAICompatibleOptions;
  private readonly tools: ReturnType<typeof convertToOpenAITool>[];

  constructor(options: OpenAICompatibleOptions, tools: ReturnType<typeof convertToOpenAITool>[] = []) {
    super(options);
    this.o = options;
    this.tools = tools;
  }

  _llmType(): string {
    return "openai-compatible";
  }

  override bindTools(tools: StructuredToolInterface[]): this {
    return new OpenAICompatibleChatModel(this.o, [...this.tools, ...tools.map((t) => convertToOpenAITool(t))]) as this;
  }

  async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"]): Promise<ChatResult> {
    const body = {
      model: this.o.model, messages: messages.map(toWire),
      ...(this.o.temperature === undefined ? {} : { temperature: this.o.temperature }),
      ...(this.tools.length > 0 ? { tools: this.tools } : {}),
    };
    const response = await (this.o.fetch ?? fetch)(`${this.o.baseURL.replace(/\/$/, "")}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(this.o.apiKey ? { authorization: `Bearer ${this.o.apiKey}` } : {}) },
      body: JSON.stringify(body),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (!response.ok) throw new Error(`chat completion failed: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
    const json = (await response.json()) as { choices?: { message?: WireMessage }[] };
    const wire = json.choices?.[0]?.message;
    if (!wire) throw new Error("chat completion returned no choices");
    const message = new AIMessage({
      content: wire.content ?? "",
      tool_calls: (wire.tool_calls ?? []).map((c) => ({ id: c.id, name: c.function.name, args: parseArgs(c.function.arguments), type: "tool_call" as const })),
    });
    return { generations: [{ text: wire.content ?? "", message }] };
  }
}

function toWire(m: BaseMessage): WireMessage {
  if (isToolMessage(m)) return { role: "tool", content: messageText(m), tool_call_id: m.tool_call_id };
  if (isAIMessage(m)) {
    const calls = (m.tool_calls ?? []).map((c) => ({ id: c.id ?? "", type: "function" as const, function: { name: c.name, arguments: JSON.stringify(c.args) } }));
    return { role: "assistant", content: messageText(m) || null, ...(calls.length > 0 ? { tool_calls: calls } : {}) };
  }
  const role = m.getType() === "system" ? "system" : m.getType() === "human" ? "user" : "user";
  return { role, content: messageText(m) };
}

/** Models sometimes return malformed JSON arguments; the tool's own schema will then reject them visibly. */
function parseArgs(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text || "{}");
    return v && typeof v === "object" ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { _raw: text };
  }
}
