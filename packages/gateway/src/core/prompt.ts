/**
 * The prompt as the model server will see it, approximately: prefix-aware routing hashes this text in blocks.
 * It needs to be stable and to put what comes first in the real chat template first (tool definitions, then
 * messages in order); it does not need to be the exact template.
 */
export type Json = Record<string, unknown>;

export function renderPrompt(path: string, body: Json): string {
  if (path === "/v1/chat/completions") {
    const messages = body["messages"];
    let out = body["tools"] !== undefined ? JSON.stringify(body["tools"]) : "";
    if (Array.isArray(messages)) {
      for (const m of messages as Json[]) {
        out += `<|${String(m["role"])}|>`;
        const c = m["content"];
        if (typeof c === "string") out += c;
        else if (Array.isArray(c)) for (const part of c as Json[]) out += typeof part["text"] === "string" ? part["text"] : JSON.stringify(part);
        if (m["tool_calls"] !== undefined) out += JSON.stringify(m["tool_calls"]);
        out += "\n";
      }
    }
    return out;
  }
  const p = body["prompt"] ?? body["input"];
  if (typeof p === "string") return p;
  if (Array.isArray(p) && typeof p[0] === "string") return p[0];
  return "";
}

/** ~4 characters per token: only for servers that return no usage at all. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}
