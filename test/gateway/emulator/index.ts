/**
 * vLLM-like upstream emulator (a dev tool for tests and benchmarks; not shipped). Each replica listens on its
 * own port and serves the OpenAI API under /v1, vLLM-style /metrics and /health, and an admin API:
 *   GET  /admin/stats     counters and the per-request log (`?log=0` without it)
 *   POST /admin/profile   merge a partial profile (e.g. `{ "fault": { "type": "status", "status": 429, "retryAfterS": 1, "times": 1 } }`)
 *   POST /admin/reset     clear the KV cache, counters and log
 *
 *   const emu = await startEmulator({ replicas: 4, profile: { prefillMsPerToken: 0.02 } });
 *   emu.urls  // ["http://127.0.0.1:PORT/v1", ...]
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseProfile, type ProfileInput } from "./profile.js";
import { Replica, sendError, sendJson, type Endpoint, type ReplicaStats } from "./replica.js";

export { Replica, type ReplicaStats, type RequestRecord, type Outcome, type Endpoint } from "./replica.js";
export { ProfileSchema, FaultSchema, type Profile, type ProfileInput, type Fault } from "./profile.js";
export { BLOCK_TOKENS, blockHashes, chatTokens, answerWords, words } from "./tokens.js";

export interface EmulatorOptions {
  replicas?: number;
  /** One profile for every replica, or one per replica. */
  profile?: ProfileInput | ProfileInput[];
  /** Base port: replica i listens on port + i; 0 (default) picks free ports. */
  port?: number;
  host?: string;
}

export interface EmulatorReplica {
  index: number;
  /** Base URL of the OpenAI API, ending in /v1. */
  url: string;
  /** Origin (admin and /metrics live here). */
  origin: string;
  replica: Replica;
  setProfile(patch: Partial<ProfileInput>): void;
  stats(): ReplicaStats;
  reset(): void;
}

export interface Emulator {
  replicas: EmulatorReplica[];
  urls: string[];
  /** Sum of the replicas' stats (log concatenated). */
  stats(): { requests: number; perReplica: ReplicaStats[] };
  reset(): void;
  close(): Promise<void>;
}

const MODEL_PATHS: Record<string, Endpoint> = { "/v1/chat/completions": "chat", "/v1/completions": "completions", "/v1/embeddings": "embeddings" };

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function replicaHandler(replica: Replica) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q >= 0 ? url.slice(0, q) : url;
    try {
      const endpoint = MODEL_PATHS[path];
      if (endpoint !== undefined && req.method === "POST") return await replica.handleModel(endpoint, await readBody(req), req, res);
      if (req.method === "GET" && path === "/v1/models")
        return sendJson(res, 200, { object: "list", data: [{ id: replica.profile.model, object: "model", created: 0, owned_by: "emulator", max_model_len: 32768 }] });
      if (req.method === "GET" && (path === "/health" || path === "/ping")) return sendJson(res, 200, { ok: true });
      if (req.method === "GET" && path === "/metrics") {
        const text = replica.metricsText();
        res.writeHead(200, { "content-type": "text/plain; version=0.0.4", "content-length": Buffer.byteLength(text) });
        return void res.end(text);
      }
      if (req.method === "GET" && path === "/admin/stats") return sendJson(res, 200, replica.snapshot(!url.includes("log=0")));
      if (req.method === "POST" && path === "/admin/profile") {
        const raw = await readBody(req);
        return sendJson(res, 200, replica.setProfile(raw.length > 0 ? (JSON.parse(raw) as ProfileInput) : {}));
      }
      if (req.method === "POST" && path === "/admin/reset") {
        await readBody(req);
        replica.reset();
        return sendJson(res, 200, { ok: true });
      }
      sendError(res, 404, `no route ${req.method ?? ""} ${path}`, "NotFoundError");
    } catch (e) {
      if (!res.headersSent) sendError(res, 500, `emulator error: ${(e as Error).message}`, "InternalServerError");
      else res.destroy();
    }
  };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const count = options.replicas ?? 1;
  const host = options.host ?? "127.0.0.1";
  const servers: Server[] = [];
  const replicas: EmulatorReplica[] = [];
  for (let i = 0; i < count; i++) {
    const input = Array.isArray(options.profile) ? options.profile[i] : options.profile;
    const replica = new Replica(i, parseProfile(input));
    const server = createServer({ keepAliveTimeout: 60_000, requestTimeout: 0 }, (req, res) => void replicaHandler(replica)(req, res));
    server.headersTimeout = 61_000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port !== undefined && options.port > 0 ? options.port + i : 0, host, () => resolve());
    });
    servers.push(server);
    const port = (server.address() as AddressInfo).port;
    const origin = `http://${host}:${port}`;
    replicas.push({
      index: i,
      url: `${origin}/v1`,
      origin,
      replica,
      setProfile: (patch) => void replica.setProfile(patch),
      stats: () => replica.snapshot(),
      reset: () => replica.reset(),
    });
  }
  return {
    replicas,
    urls: replicas.map((r) => r.url),
    stats: () => {
      const perReplica = replicas.map((r) => r.stats());
      return { requests: perReplica.reduce((s, r) => s + r.requests, 0), perReplica };
    },
    reset: () => replicas.forEach((r) => r.reset()),
    close: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
    },
  };
}
