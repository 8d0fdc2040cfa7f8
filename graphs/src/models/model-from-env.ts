import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { OpenAICompatibleChatModel } from "./openai-compatible-chat-model.js";

/**
 * A real model when OPENAI_BASE_URL is set (with OPENAI_API_KEY and OPENAI_MODEL, default gpt-4o-mini),
 * otherwise the offline fallback — how every example runs both ways without code changes.
 */
export function modelFromEnv(offline: BaseChatModel, env: NodeJS.ProcessEnv = process.env): BaseChatModel {
  const baseURL = env.OPENAI_BASE_URL;
  if (!baseURL) return offline;
  return new OpenAICompatibleChatModel({
    baseURL, model: env.OPENAI_MODEL ?? "gpt-4o-mini", temperature: 0,
    ...(env.OPENAI_API_KEY ? { apiKey: env.OPENAI_API_KEY } : {}),
  });
}
