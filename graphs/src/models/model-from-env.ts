import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ValidationError } from "@hippograph/memory";
import { OpenAICompatibleChatModel } from "./openai-compatible-chat-model.js";

/**
 * A real model when OPENAI_BASE_URL is set (with OPENAI_API_KEY and OPENAI_MODEL, default gpt-4o-mini;
 * OPENAI_MAX_RETRIES, default 2, and OPENAI_TIMEOUT_MS per attempt, default 60,000), otherwise the
 * offline fallback — how every example runs both ways without code changes.
 */
export function modelFromEnv(offline: BaseChatModel, env: NodeJS.ProcessEnv = process.env): BaseChatModel {
  const baseURL = env.OPENAI_BASE_URL;
  if (!baseURL) return offline;
  return new OpenAICompatibleChatModel({
    baseURL, model: env.OPENAI_MODEL ?? "gpt-4o-mini", temperature: 0,
    maxRetries: count(env, "OPENAI_MAX_RETRIES", 2), timeoutMs: count(env, "OPENAI_TIMEOUT_MS", 60_000),
    ...(env.OPENAI_API_KEY ? { apiKey: env.OPENAI_API_KEY } : {}),
  });
}

function count(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new ValidationError([{ path: name, message: `must be a whole number >= 0, not "${raw}"` }], "environment");
  return n;
}
