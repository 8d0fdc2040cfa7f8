import { BaseChatModel, type BaseChatModelParams } from "@langchain/core/language_models/chat_models";
import { AIMessage, type BaseMessage, isAIMessage, isToolMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { convertToOpenAITool } from "@langchain/core/utils/function_calling";
import { modelFailure } from "@hippograph/memory";
import { messageText } from "@hippograph/nodes";

export interface OpenAICompatibleOptions extends BaseChatModelParams {
  /** Up to and including `/v1`, as OPENAI_BASE_URL is usually given: `http://localhost:8000/v1`. */
  baseURL: string;
  model: string;
  apiKey?: string;
  temperature?: number;
  /** Milliseconds one attempt may take before it counts as failed (and is retried, up to `maxRetries`). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

interface WireToolCall { id: string; type: "function"; function: { name: string; arguments: string } }
interface WireMessage { role: string; content: string | null; tool_calls?: WireToolCall[]; tool_call_id?: string }

/**
 * A minimal chat model for any OpenAI-compatible `/v1/chat/completions` endpoint (OpenAI, vLLM, Ollama,
 * LM Studio), with tool calling. @langchain/openai is not a dependency; this covers what agent graphs need.
 * Every failure is memory's `modelFailure` (a ModelError, code MODEL, with its `reason` and, for HTTP
 * ones, `status`), so a caller (the CLI: exit 7) can tell a model's failure from its own; attempts go through LangChain's caller, which retries 5xx,
 * 429 and network failures (`maxRetries`, default 6) and not the 4xx a retry cannot fix.
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
    const body = JSON.stringify({
      model: this.o.model, messages: messages.map(toWire),
      ...(this.o.temperature === undefined ? {} : { temperature: this.o.temperature }),
      ...(this.tools.length > 0 ? { tools: this.tools } : {}),
    });
    return this.caller.call(() => this.attempt(body, options.signal));
  }

  private async attempt(body: string, signal: AbortSignal | undefined): Promise<ChatResult> {
    const url = `${this.o.baseURL.replace(/\/$/, "")}/chat/completions`;
    const timeout = this.o.timeoutMs === undefined ? undefined : AbortSignal.timeout(this.o.timeoutMs);
    const signals = [signal, timeout].filter((s): s is AbortSignal => s !== undefined);
    let response: Response;
    try {
      response = await (this.o.fetch ?? fetch)(url, {
        method: "POST", body,
        headers: { "content-type": "application/json", ...(this.o.apiKey ? { authorization: `Bearer ${this.o.apiKey}` } : {}) },
        ...(signals.length > 0 ? { signal: AbortSignal.any(signals) } : {}),
      });
    } catch (cause) {
      if (signal?.aborted) throw cause; // the caller cancelled: not the model's failure, and not to be retried
      throw timeout?.aborted
        ? modelFailure("timeout", `no answer from ${url} within ${this.o.timeoutMs} ms`, { cause })
        : modelFailure("network", `cannot reach ${url}: ${(cause as Error).message}`, { cause });
    }
    const text = await response.text();
    if (!response.ok) throw modelFailure("http", `${url} answered HTTP ${response.status}: ${text.slice(0, 300)}`, { status: response.status });
    let json: { choices?: { message?: WireMessage }[] };
    try {
      json = JSON.parse(text) as typeof json;
    } catch (cause) {
      throw modelFailure("invalid-json", `${url} answered something that is not JSON: ${text.slice(0, 120)}`, { cause });
    }
    const wire = json?.choices?.[0]?.message;
    if (!wire || typeof wire !== "object") throw modelFailure("bad-response", `${url} answered no choices[0].message`);
    const calls = wire.tool_calls ?? [];
    if (!Array.isArray(calls)) throw modelFailure("bad-response", "is not a list", { path: "choices[0].message.tool_calls" });
    const toolCalls = calls.map((c, i) => {
      if (typeof c?.function?.name !== "string") throw modelFailure("bad-response", "is missing", { path: `choices[0].message.tool_calls[${i}].function.name` });
      // A server that gives no id still needs one: the tool's answer must name the call it answers.
      return { id: typeof c.id === "string" && c.id ? c.id : `call_${i}_${Math.random().toString(36).slice(2, 10)}`, name: c.function.name, args: parseArgs(c.function.arguments), type: "tool_call" as const };
    });
    const content = typeof wire.content === "string" ? wire.content : "";
    return { generations: [{ text: content, message: new AIMessage({ content, tool_calls: toolCalls }) }] };
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
function parseArgs(text: string | undefined): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text || "{}");
    return v && typeof v === "object" ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { _raw: text };
  }
}
