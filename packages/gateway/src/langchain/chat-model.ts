/**
 * A LangChain chat model that calls the gateway in-process: no HTTP, same routing, retries, cache and
 * accounting as HTTP clients get. Tools bind through `bindTools` (OpenAI tool format); usage arrives as
 * `usage_metadata`, with cached prompt tokens in `input_token_details.cache_read`.
 */
import { BaseChatModel, type BaseChatModelCallOptions, type BaseChatModelParams, type BindToolsInput } from "@langchain/core/language_models/chat_models";
import { AIMessage, AIMessageChunk, type BaseMessage, type UsageMetadata } from "@langchain/core/messages";
import { ChatGenerationChunk, type ChatResult } from "@langchain/core/outputs";
import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import { convertToOpenAITool } from "@langchain/core/utils/function_calling";
import type { Runnable } from "@langchain/core/runnables";
import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import type { CallOptions, GatewayClient } from "../client/gateway-client.js";
import type { ChatCompletionRequest, Usage } from "../types.js";
import { parseArgs, toOpenAIMessages } from "./messages.js";

export interface GatewayChatModelCallOptions extends BaseChatModelCallOptions {
  tools?: BindToolsInput[];
  response_format?: unknown;
  /** Session for affinity routing. */
  session?: string;
}

export interface GatewayChatModelFields extends BaseChatModelParams {
  gateway: Pick<GatewayClient, "chat" | "chatStream">;
  model: string;
  temperature?: number;
  maxTokens?: number;
  seed?: number;
  apiKey?: string;
  /** Extra request fields passed through (vLLM sampling options and the like). */
  modelKwargs?: Record<string, unknown>;
}

export class GatewayChatModel extends BaseChatModel<GatewayChatModelCallOptions, AIMessageChunk> {
  private readonly fields: GatewayChatModelFields;

  constructor(fields: GatewayChatModelFields) {
    super(fields);
    this.fields = fields;
  }

  _llmType(): string {
    return "hippograph-gateway";
  }

  override bindTools(tools: BindToolsInput[], kwargs?: Partial<GatewayChatModelCallOptions>): Runnable<BaseLanguageModelInput, AIMessageChunk, GatewayChatModelCallOptions> {
    return this.withConfig({ tools, ...kwargs } as Partial<GatewayChatModelCallOptions>);
  }

  private request(messages: BaseMessage[], o: this["ParsedCallOptions"]): ChatCompletionRequest {
    const f = this.fields;
    const body: ChatCompletionRequest = { ...f.modelKwargs, model: f.model, messages: toOpenAIMessages(messages) };
    if (f.temperature !== undefined) body.temperature = f.temperature;
    if (f.maxTokens !== undefined) body.max_tokens = f.maxTokens;
    if (f.seed !== undefined) body.seed = f.seed;
    if (o.stop) body["stop"] = o.stop;
    if (o.tools?.length) body.tools = o.tools.map((t) => convertToOpenAITool(t as Parameters<typeof convertToOpenAITool>[0]));
    if (o.tool_choice !== undefined) body.tool_choice = o.tool_choice;
    if (o.response_format !== undefined) body.response_format = o.response_format;
    return body;
  }

  private callOptions(o: this["ParsedCallOptions"]): CallOptions {
    return { signal: o.signal, apiKey: this.fields.apiKey, session: o.session };
  }

  async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"]): Promise<ChatResult> {
    const out = await this.fields.gateway.chat(this.request(messages, options), this.callOptions(options));
    const choice = out.choices[0];
    const msg = choice?.message;
    const toolCalls = [];
    const invalid = [];
    for (const tc of msg?.tool_calls ?? []) {
      const parsed = parseArgs(tc.function.arguments);
      if ("args" in parsed) toolCalls.push({ id: tc.id, name: tc.function.name, args: parsed.args, type: "tool_call" as const });
      else invalid.push({ id: tc.id, name: tc.function.name, args: tc.function.arguments, error: parsed.error, type: "invalid_tool_call" as const });
    }
    const content = typeof msg?.content === "string" ? msg.content : "";
    const message = new AIMessage({
      content, tool_calls: toolCalls, invalid_tool_calls: invalid, usage_metadata: usageMetadata(out.usage),
      response_metadata: { finish_reason: choice?.finish_reason, model_name: out.model },
    });
    return { generations: [{ text: content, message }], llmOutput: { tokenUsage: out.usage } };
  }

  override async *_streamResponseChunks(messages: BaseMessage[], options: this["ParsedCallOptions"], runManager?: CallbackManagerForLLMRun): AsyncGenerator<ChatGenerationChunk> {
    for await (const chunk of this.fields.gateway.chatStream(this.request(messages, options), this.callOptions(options))) {
      const choice = chunk.choices[0];
      const delta = choice?.delta;
      const text = typeof delta?.content === "string" ? delta.content : "";
      const message = new AIMessageChunk({
        content: text,
        tool_call_chunks: delta?.tool_calls?.map((tc) => ({ index: tc.index, id: tc.id, name: tc.function?.name, args: tc.function?.arguments ?? "", type: "tool_call_chunk" as const })),
        usage_metadata: chunk.usage ? usageMetadata(chunk.usage) : undefined,
        response_metadata: choice?.finish_reason ? { finish_reason: choice.finish_reason } : {},
      });
      const g = new ChatGenerationChunk({ text, message });
      yield g;
      if (text) await runManager?.handleLLMNewToken(text);
    }
  }
}

function usageMetadata(u: Usage | undefined): UsageMetadata | undefined {
  if (!u) return undefined;
  const input = u.prompt_tokens ?? 0;
  const output = u.completion_tokens ?? 0;
  const cached = u.prompt_tokens_details?.cached_tokens;
  return { input_tokens: input, output_tokens: output, total_tokens: u.total_tokens ?? input + output, ...(cached !== undefined ? { input_token_details: { cache_read: cached } } : {}) };
}
