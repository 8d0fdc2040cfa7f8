/**
 * Test double: a scripted OpenAI-compatible `/chat/completions` server on 127.0.0.1, so tests run the
 * production client (openAIChatModel) over real HTTP. Each request is recorded; the script decides the
 * reply, or `hang` to never answer (for timeouts).
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ChatRequestBody {
  model: string;
  temperature?: number;
  max_tokens?: number;
  messages: Array<{ role: string; content: string }>;
  response_format?: { type: string; json_schema?: { name: string; schema: Record<string, unknown>; strict?: boolean } };
}

export interface ReceivedChat {
  path: string;
  headers: IncomingHttpHeaders;
  body: ChatRequestBody;
}

export interface ChatReply {
  status?: number;
  headers?: Record<string, string>;
  /** Raw body; when absent, `content` and `finishReason` make an OpenAI chat completion. */
  body?: unknown;
  content?: string;
  finishReason?: string;
  hang?: boolean;
}

export interface ChatServer {
  baseURL: string;
  requests: ReceivedChat[];
  close(): Promise<void>;
}

/** An OpenAI chat completion whose message content is `content`. */
export function completion(content: string, finishReason = "stop"): unknown {
  return {
    id: "chatcmpl-test",
    object: "chat.completion",
    choices: [{ index: 0, finish_reason: finishReason, message: { role: "assistant", content } }],
    usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
  };
}

export async function serveChat(script: (request: ReceivedChat, n: number) => ChatReply | Promise<ChatReply>): Promise<ChatServer> {
  const requests: ReceivedChat[] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (raw += chunk));
    req.on("end", () => {
      const request: ReceivedChat = { path: req.url ?? "", headers: req.headers, body: JSON.parse(raw) as ChatRequestBody };
      requests.push(request);
      void Promise.resolve(script(request, requests.length - 1)).then((reply) => {
        if (reply.hang) return;
        const body = reply.body ?? completion(reply.content ?? "{}", reply.finishReason);
        res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
        res.end(typeof body === "string" ? body : JSON.stringify(body));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
