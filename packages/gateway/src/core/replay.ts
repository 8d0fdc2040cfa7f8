/**
 * A cached (non-streamed) answer replayed as an event stream, for a deterministic `stream: true` request:
 * one chunk per choice with the whole message, its finish, the usage chunk, [DONE] — what a client would have
 * received, in fewer pieces.
 */
import type { Json } from "./prompt.js";

const encoder = new TextEncoder();

export function replayStream(answer: Json): ReadableStream<Uint8Array> {
  const chat = answer["object"] === "chat.completion";
  const base = { id: answer["id"], object: chat ? "chat.completion.chunk" : "text_completion", created: answer["created"], model: answer["model"] };
  let out = "";
  for (const c of (answer["choices"] as Json[] | undefined) ?? []) {
    const m = (c["message"] as Json | undefined) ?? {};
    const toolCalls = Array.isArray(m["tool_calls"]) ? (m["tool_calls"] as Json[]).map((t, index) => ({ index, ...t })) : undefined;
    const choice = chat
      ? { index: c["index"], delta: { role: m["role"] ?? "assistant", content: m["content"] ?? null, ...(toolCalls ? { tool_calls: toolCalls } : {}) }, finish_reason: c["finish_reason"] ?? "stop" }
      : { index: c["index"], text: c["text"] ?? "", finish_reason: c["finish_reason"] ?? "stop" };
    out += `data: ${JSON.stringify({ ...base, choices: [choice] })}\n\n`;
  }
  out += `data: ${JSON.stringify({ ...base, choices: [], usage: answer["usage"] })}\n\ndata: [DONE]\n\n`;
  const bytes = encoder.encode(out);
  return new ReadableStream({ start: (c) => (c.enqueue(bytes), c.close()) });
}
