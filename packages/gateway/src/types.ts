/**
 * The OpenAI wire shapes the typed client methods use. Deliberately loose (extra fields allowed and passed
 * through): the gateway forwards what servers accept (vLLM's guided decoding, `response_format` JSON schema).
 */
export interface ChatMessage {
  role: "system" | "user" | "assistant" | "tool" | "developer";
  content: string | null | { type: string; text?: string; [k: string]: unknown }[];
  name?: string;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
  [k: string]: unknown;
}

export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: "function";
  function?: { name?: string; arguments?: string };
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens?: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
}

export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  temperature?: number;
  seed?: number;
  max_tokens?: number;
  tools?: unknown[];
  tool_choice?: unknown;
  response_format?: unknown;
  user?: string;
  [k: string]: unknown;
}

export interface ChatCompletion {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: { index: number; message: ChatMessage; finish_reason: string | null; logprobs?: unknown }[];
  usage: Usage;
  [k: string]: unknown;
}

export interface ChatCompletionChunk {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  choices: { index: number; delta: { role?: string; content?: string | null; tool_calls?: ToolCallDelta[]; [k: string]: unknown }; finish_reason: string | null }[];
  usage?: Usage | null;
}

export interface CompletionRequest {
  model: string;
  prompt: string | string[];
  stream?: boolean;
  [k: string]: unknown;
}

export interface Completion {
  id: string;
  object: "text_completion";
  model: string;
  choices: { index: number; text: string; finish_reason: string | null }[];
  usage: Usage;
  [k: string]: unknown;
}

export interface EmbeddingRequest {
  model: string;
  input: string | string[] | number[] | number[][];
  encoding_format?: "float" | "base64";
  dimensions?: number;
  [k: string]: unknown;
}

export interface EmbeddingResponse {
  object: "list";
  data: { object: "embedding"; index: number; embedding: number[] | string }[];
  model: string;
  usage: Usage;
}
