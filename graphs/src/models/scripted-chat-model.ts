import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";

export interface ScriptedToolCall {
  name: string;
  args: Record<string, unknown>;
  id?: string;
}
/** One turn of the script: text, a tool-calling reply, or a function of the prompt (to echo what it saw). */
export type ScriptedReply = string | { content?: string; toolCalls?: ScriptedToolCall[] } | ((messages: BaseMessage[]) => string | { content?: string; toolCalls?: ScriptedToolCall[] });

/**
 * A chat model that plays a fixed script, for offline examples and tests. LangChain's FakeListChatModel
 * cannot emit tool calls and FakeStreamingChatModel repeats its first reply, so neither can drive a ReAct
 * loop; this one can. `bindTools` returns the same script (the cursor is shared), and every prompt it
 * received is kept in `prompts` so tests can assert what reached the model.
 */
export class ScriptedChatModel extends BaseChatModel {
  readonly prompts: BaseMessage[][] = [];
  private readonly state: { next: number };

  constructor(private readonly replies: readonly ScriptedReply[], shared?: { next: number }) {
    super({});
    this.state = shared ?? { next: 0 };
  }

  _llmType(): string {
    return "scripted";
  }

  get remaining(): number {
    return this.replies.length - this.state.next;
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    this.prompts.push(messages);
    const i = this.state.next++;
    const step = this.replies[i];
    if (step === undefined) throw new Error(`ScriptedChatModel: the script has ${this.replies.length} replies and reply ${i + 1} was asked for`);
    const reply = typeof step === "function" ? step(messages) : step;
    const { content = "", toolCalls = [] } = typeof reply === "string" ? { content: reply } : reply;
    const message = new AIMessage({
      content,
      tool_calls: toolCalls.map((t, k) => ({ id: t.id ?? `call_${i}_${k}`, name: t.name, args: t.args, type: "tool_call" as const })),
    });
    return { generations: [{ text: content, message }] };
  }

  override bindTools(): this {
    return this;
  }
}
