/**
 * The gateway's configuration, one validated document. Every default lives here, so a config file holds only
 * what differs from them. Zod 4: `.prefault({})` runs an absent section through its own defaults.
 */
import { z } from "zod";

const ms = (d: number) => z.number().int().nonnegative().default(d);
const name = z.string().min(1).max(200);

export const UpstreamSchema = z.strictObject({
  id: name,
  /** Base URL of the OpenAI-compatible server, with or without `/v1` (e.g. `http://10.0.0.5:8000/v1`). */
  url: z.url({ protocol: /^https?$/ }),
  /** A key sent upstream as `Authorization: Bearer …`; `apiKeyEnv` names an environment variable instead. */
  apiKey: z.string().optional(),
  apiKeyEnv: z.string().optional(),
  headers: z.record(z.string(), z.string()).default({}),
  /** The replica never gets more concurrent requests than this from us (0 = unlimited). */
  maxOutstanding: z.number().int().nonnegative().default(0),
  /**
   * How the server streams tool-call arguments: `incremental` (OpenAI), `cumulative` (resends everything so
   * far), or `auto` (detect per chunk: a chunk that extends everything received so far is cumulative).
   */
  toolCallArguments: z.enum(["auto", "incremental", "cumulative"]).default("auto"),
  /** Path probed by health checks: `/health` for vLLM/SGLang/TGI, `/` for Ollama, `/v1/models` for OpenAI. */
  healthPath: z.string().default("/health"),
  /**
   * Prometheus path of the server's own load (vLLM, SGLang: `/metrics`), polled with the health checks: routing
   * then also sees requests other clients sent and the KV-cache usage. Off when absent.
   */
  loadMetricsPath: z.string().optional(),
});

export const TargetSchema = z.strictObject({
  /** Replicas of one model: ids of `upstreams`. Routing policies choose among them. */
  upstreams: z.array(name).min(1),
  /** The model name this target's servers know (defaults to the public model name). */
  model: z.string().optional(),
  /** Share of traffic among targets of the same priority. */
  weight: z.number().positive().default(1),
  /** Fallback order: lower first; a higher one is used only when every lower target is unavailable or failed. */
  priority: z.number().int().nonnegative().default(0),
});

export const PolicyName = z.enum(["least-outstanding", "prefix-aware", "round-robin", "random"]);

export const RoutingSchema = z.strictObject({
  policy: PolicyName.default("prefix-aware"),
  /** Keep a session (the session header, else the request's `user`) on one replica while it is not overloaded. */
  sessionAffinity: z.boolean().default(true),
  sessionHeader: z.string().default("x-session-id"),
  prefix: z.strictObject({
    /** Bytes per prompt block: 64 ≈ 16 tokens, the KV-cache block of vLLM. */
    blockChars: z.number().int().min(8).default(64),
    maxBlocks: z.number().int().min(1).default(256),
    /** Worth of a fully cached prompt, in units of the load score. */
    cacheWeight: z.number().nonnegative().default(1),
    /** Outstanding requests above the least-loaded replica that a full hit is worth (at zero load). */
    loadSlack: z.number().positive().default(4),
    /** Penalty for a replica's reported KV-cache usage (0..1), in units of the load score. */
    kvWeight: z.number().nonnegative().default(0.5),
  }).prefault({}),
});

export const ModelSchema = z.strictObject({
  name,
  /** `chat` serves /v1/chat/completions and /v1/completions; `embedding` serves /v1/embeddings. */
  type: z.enum(["chat", "embedding"]).default("chat"),
  targets: z.array(TargetSchema).min(1),
  routing: RoutingSchema.prefault({}),
  cache: z.strictObject({ enabled: z.boolean().default(true), ttlMs: z.number().int().positive().optional() }).prefault({}),
  batching: z.strictObject({
    enabled: z.boolean().default(true),
    windowMs: z.number().nonnegative().default(2),
    maxInputs: z.number().int().min(1).default(64),
  }).prefault({}),
});

export const KeySchema = z.strictObject({
  /** The secret clients send as `Authorization: Bearer …`; `keyEnv` names an environment variable instead. */
  key: z.string().min(1).optional(),
  keyEnv: z.string().optional(),
  /** Names accounting and the cache namespace; never the secret. */
  name,
  /** Models this key may call (all when absent). */
  models: z.array(name).optional(),
  /** Whether this key may read `/metrics`, which holds every key's token counts (a Prometheus scraper's key). */
  metrics: z.boolean().default(false),
});

export const GatewayConfigSchema = z.strictObject({
  server: z.strictObject({
    host: z.string().default("127.0.0.1"),
    port: z.number().int().min(0).max(65535).default(4000),
    /** SSE comment sent while no token has come for this long, so proxies do not cut the stream. */
    keepAliveMs: ms(10_000),
    maxBodyBytes: z.number().int().positive().default(16 * 1024 * 1024),
    /** Serve `/metrics` without a key even when keys are configured (a scrape port no client can reach). */
    publicMetrics: z.boolean().default(false),
  }).prefault({}),
  upstreams: z.array(UpstreamSchema).min(1),
  models: z.array(ModelSchema).min(1),
  keys: z.array(KeySchema).default([]),
  limits: z.strictObject({
    /** attemptMs: one non-streamed attempt, the whole answer (a stream has firstTokenMs and betweenChunksMs instead). 0 = none. */
    timeouts: z.strictObject({ connectMs: ms(5_000), firstTokenMs: ms(120_000), betweenChunksMs: ms(60_000), attemptMs: ms(300_000), totalMs: ms(600_000) }).prefault({}),
    retry: z.strictObject({
      /** Attempts per request, the first included. */
      maxAttempts: z.number().int().min(1).default(3),
      baseDelayMs: ms(25),
      maxDelayMs: ms(2_000),
      /** A Retry-After longer than this is not waited for: the error goes back to the client. */
      maxRetryAfterMs: ms(10_000),
      /** Retries may be at most `ratio` of requests in the last `windowMs` (plus `minPerWindow`). */
      budget: z.strictObject({ ratio: z.number().min(0).max(1).default(0.2), windowMs: z.number().int().positive().default(10_000), minPerWindow: z.number().int().nonnegative().default(10) }).prefault({}),
    }).prefault({}),
    breaker: z.strictObject({ failureThreshold: z.number().int().min(1).default(5), cooldownMs: ms(10_000) }).prefault({}),
  }).prefault({}),
  health: z.strictObject({ intervalMs: ms(0), timeoutMs: ms(2_000) }).prefault({}),
  cache: z.strictObject({
    maxEntries: z.number().int().nonnegative().default(10_000),
    /** Estimated bytes of requests and answers held (characters of the key, twice the answer's for its parsed copy). */
    maxBytes: z.number().int().positive().default(256 * 1024 * 1024),
    ttlMs: z.number().int().positive().default(300_000),
  }).prefault({}),
  /** Hard cap of the prefix index (blocks remembered, all replicas together); least recently used go first. */
  prefixIndex: z.strictObject({ maxBlocks: z.number().int().min(1).default(200_000) }).prefault({}),
  sessions: z.strictObject({ maxEntries: z.number().int().min(1).default(100_000) }).prefault({}),
});

export type GatewayConfigInput = z.input<typeof GatewayConfigSchema>;
export type GatewayConfig = z.output<typeof GatewayConfigSchema>;
export type UpstreamConfig = GatewayConfig["upstreams"][number];
export type ModelConfig = GatewayConfig["models"][number];
export type TargetConfig = ModelConfig["targets"][number];
export type RoutingConfig = ModelConfig["routing"];
export type PolicyName = z.infer<typeof PolicyName>;
