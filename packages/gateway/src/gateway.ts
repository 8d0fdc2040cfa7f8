/**
 * `createGateway(config)`: the gateway as a library. Its `fetch(request)` is the whole HTTP API in-process
 * (no network hop); typed methods (`chat`, `chatStream`, `completions`, `embeddings`) skip even the Request.
 * `startGatewayServer` puts the same `fetch` on a port.
 */
import type { GatewayConfig, GatewayConfigInput } from "./config/schema.js";
import { parseConfig } from "./config/load-config.js";
import { EmbeddingBatcher } from "./batching/embedding-batcher.js";
import { ExactCache } from "./cache/exact-cache.js";
import { sendEmbeddings } from "./core/embeddings.js";
import type { GatewayCore, KeyInfo, ModelEntry } from "./core/gateway-core.js";
import { Accounting, type UsageSnapshot } from "./observability/accounting.js";
import { GatewayMetrics } from "./observability/metrics.js";
import { CircuitBreaker } from "./reliability/breaker.js";
import { startHealthChecks } from "./reliability/health-checker.js";
import { RetryBudget } from "./reliability/retry-budget.js";
import { ModelRouter } from "./routing/model-router.js";
import type { PolicyFactory } from "./routing/policy.js";
import { PrefixIndex } from "./routing/prefix-index.js";
import { policyFromConfig } from "./routing/presets.js";
import { Replica } from "./routing/replica.js";
import { httpUpstream } from "./upstream/http-upstream.js";
import type { Upstream } from "./upstream/upstream.js";
import { buildApp } from "./server/app.js";
import { GatewayClient } from "./client/gateway-client.js";

export interface GatewayOptions {
  /** Replaces the HTTP upstream for some or all upstream ids (in-process doubles, other transports). */
  upstreams?: (config: GatewayConfig["upstreams"][number]) => Upstream | undefined;
  /** A custom routing policy per model name, in place of the configured one. */
  policies?: Record<string, PolicyFactory>;
  /** Source of randomness (weights, jitter): inject for deterministic tests. */
  random?: () => number;
}

export interface Gateway extends GatewayClient {
  readonly config: GatewayConfig;
  /** The OpenAI-compatible HTTP API, in-process: /v1/chat/completions, /v1/completions, /v1/embeddings, /v1/models, /metrics, /health. */
  fetch(request: Request): Promise<Response>;
  /** Prometheus text exposition. */
  metrics(): Promise<string>;
  /** Token and request totals per key and model. */
  usage(): UsageSnapshot;
  /** Replica states, for dashboards and tests. */
  replicas(): { id: string; outstanding: number; load: number; kvUsage: number; healthy: boolean; breaker: string }[];
  close(): Promise<void>;
}

export function createGateway(input: GatewayConfigInput | GatewayConfig, options: GatewayOptions = {}): Gateway {
  const config = parseConfig(input);
  const random = options.random ?? Math.random;
  const t = config.limits;
  const replicas = config.upstreams.map((u, slot) => new Replica(
    options.upstreams?.(u) ?? httpUpstream(u, { connectTimeoutMs: t.timeouts.connectMs }),
    slot, u.maxOutstanding, new CircuitBreaker(t.breaker.failureThreshold, t.breaker.cooldownMs)));
  const byId = new Map(replicas.map((r) => [r.id, r]));
  const prefixIndex = new PrefixIndex(config.prefixIndex.maxBlocks);
  const models = new Map<string, ModelEntry>();
  for (const m of config.models) {
    const targets = m.targets.map((tc) => ({
      upstreamModel: tc.model ?? m.name,
      replicas: tc.upstreams.map((id) => byId.get(id)!),
      policy: policyFromConfig(m.routing, prefixIndex, config.sessions.maxEntries, options.policies?.[m.name]),
      weight: tc.weight,
      priority: tc.priority,
    }));
    models.set(m.name, { name: m.name, config: m, router: new ModelRouter(targets, random) });
  }
  const accounting = new Accounting();
  const cache = new ExactCache(config.cache.maxEntries, config.cache.ttlMs, Date.now, config.cache.maxBytes);
  const core = {
    config, models, replicas, prefixIndex, cache, accounting, random, closed: false, retry: t.retry,
    toolCallModes: new Map(config.upstreams.map((u) => [u.id, u.toolCallArguments])),
    budget: new RetryBudget(t.retry.budget.ratio, t.retry.budget.windowMs, t.retry.budget.minPerWindow),
    batchers: new Map(),
  } as Omit<GatewayCore, "metrics"> as GatewayCore;
  core.metrics = new GatewayMetrics({
    replicas: () => replicas, accounting,
    prefixIndex: () => ({ size: prefixIndex.size, cap: prefixIndex.maxBlocks, bytes: prefixIndex.approxBytes, evictions: prefixIndex.evictions }),
    cache: () => ({ size: cache.size, cap: cache.maxEntries, bytes: cache.bytes, maxBytes: cache.maxBytes }),
    pendingEmbeddings: () => {
      let n = 0;
      for (const b of core.batchers.values()) n += b.queueDepth;
      return n;
    },
  });
  for (const m of config.models) {
    if (m.type !== "embedding" || !m.batching.enabled) continue;
    const entry = models.get(m.name)!;
    core.batchers.set(m.name, new EmbeddingBatcher(m.batching.windowMs, m.batching.maxInputs, (inputs, o) => {
      const { __noRetry, ...rest } = o;
      return sendEmbeddings(core, entry, { ...rest, input: inputs }, __noRetry === true, undefined);
    }, (n) => core.metrics.batchSize.observe(n)));
  }
  const keys = new Map<string, KeyInfo>(config.keys.map((k) => [k.key ?? process.env[k.keyEnv!]!, { name: k.name, models: k.models ? new Set(k.models) : undefined, metrics: k.metrics }]));
  const stopHealth = startHealthChecks(replicas, config.health.intervalMs, config.health.timeoutMs);
  const app = buildApp(core, keys);
  const client = new GatewayClient(core, keys);

  return Object.assign(client, {
    config,
    fetch: (request: Request) => Promise.resolve(app.fetch(request)),
    metrics: () => core.metrics.text(),
    usage: () => accounting.snapshot(),
    replicas: () => replicas.map((r) => ({ id: r.id, outstanding: r.outstanding, load: r.load, kvUsage: r.kvUsage, healthy: r.healthy, breaker: r.breaker.state })),
    async close() {
      core.closed = true;
      stopHealth();
      await Promise.all(replicas.map((r) => r.upstream.close?.()));
    },
  });
}
