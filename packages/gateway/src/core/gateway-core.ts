/**
 * Everything a request handler needs, built once by `createGateway`: models with their routers, replicas,
 * limits, cache, accounting, metrics. Handlers are plain functions over this object — no per-request setup.
 */
import type { GatewayConfig, ModelConfig } from "../config/schema.js";
import type { EmbeddingBatcher } from "../batching/embedding-batcher.js";
import type { ExactCache } from "../cache/exact-cache.js";
import type { Accounting } from "../observability/accounting.js";
import type { GatewayMetrics } from "../observability/metrics.js";
import type { RetryBudget } from "../reliability/retry-budget.js";
import type { ModelRouter } from "../routing/model-router.js";
import type { PrefixIndex } from "../routing/prefix-index.js";
import type { Replica } from "../routing/replica.js";
import type { ArgumentsMode } from "../stream/tool-call-normalizer.js";

export interface ModelEntry {
  name: string;
  config: ModelConfig;
  router: ModelRouter;
}

export interface KeyInfo {
  name: string;
  /** Models this key may call; undefined = all. */
  models: ReadonlySet<string> | undefined;
  /** Whether it may read `/metrics` (every key's usage). */
  metrics: boolean;
}

export interface GatewayCore {
  config: GatewayConfig;
  models: Map<string, ModelEntry>;
  replicas: Replica[];
  /** Per upstream id: how its server streams tool-call arguments. */
  toolCallModes: Map<string, ArgumentsMode>;
  prefixIndex: PrefixIndex;
  retry: GatewayConfig["limits"]["retry"];
  budget: RetryBudget;
  cache: ExactCache;
  accounting: Accounting;
  metrics: GatewayMetrics;
  /** Per embedding model. */
  batchers: Map<string, EmbeddingBatcher>;
  random: () => number;
  closed: boolean;
}

export type Endpoint = "/v1/chat/completions" | "/v1/completions" | "/v1/embeddings";

export interface CoreRequest {
  path: Endpoint;
  body: Record<string, unknown>;
  key: KeyInfo;
  session: string | undefined;
  signal: AbortSignal | undefined;
  /**
   * On a Node server: the response, whose "close" before we finish means the client went away. Cheaper than
   * the Request's AbortSignal, which Node builds on first access.
   */
  closeSource?: CloseSource | undefined;
  /** The client is retrying on its own: one attempt only. */
  noRetry: boolean;
}

export interface CloseSource {
  once(event: "close", listener: () => void): unknown;
  off(event: "close", listener: () => void): unknown;
}
