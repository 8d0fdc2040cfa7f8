/**
 * Prometheus metrics on a registry of the gateway's own (several gateways in one process never clash). What
 * the gateway already knows as state — outstanding requests, breaker states, index and cache sizes, token
 * totals — is read at scrape time through `collect`, so the hot path pays only for latency observations.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Accounting } from "./accounting.js";
import type { Replica } from "../routing/replica.js";

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export interface MetricSources {
  replicas: () => readonly Replica[];
  prefixIndex: () => { size: number; cap: number; bytes: number; evictions: number };
  cache: () => { size: number; cap: number; bytes: number; maxBytes: number };
  accounting: Accounting;
  pendingEmbeddings: () => number;
}

/** A gauge of one thing's figures, one `kind` label each, read at scrape time. */
function kindGauge(registers: Registry[], name: string, help: string, read: () => Record<string, number>): void {
  new Gauge({
    name, help, labelNames: ["kind"], registers,
    collect() {
      for (const [kind, value] of Object.entries(read())) this.set({ kind }, value);
    },
  });
}

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly duration: Histogram<"model" | "status">;
  readonly ttft: Histogram<"model">;
  readonly cacheLookups: Counter<"result">;
  /** Pre-bound children: the hot path never hashes a label set. */
  readonly cacheHit: { inc(): void };
  readonly cacheMiss: { inc(): void };
  readonly retries: Counter<"reason">;
  readonly truncated: Counter<"model" | "stage">;
  readonly batchSize: Histogram;
  private readonly durationChildren = new Map<string, { observe(v: number): void }>();
  private readonly ttftChildren = new Map<string, { observe(v: number): void }>();

  constructor(src: MetricSources) {
    const registers = [this.registry];
    this.duration = new Histogram({ name: "hippograph_gateway_request_duration_seconds", help: "Request latency as the client sees it (to the last byte)", labelNames: ["model", "status"], buckets: LATENCY_BUCKETS, registers });
    this.ttft = new Histogram({ name: "hippograph_gateway_ttft_seconds", help: "Time to first streamed token", labelNames: ["model"], buckets: LATENCY_BUCKETS, registers });
    this.cacheLookups = new Counter({ name: "hippograph_gateway_cache_lookups_total", help: "Exact-cache lookups by result (hit/miss); hit rate = hit / (hit + miss)", labelNames: ["result"], registers });
    this.cacheHit = this.cacheLookups.labels("hit");
    this.cacheMiss = this.cacheLookups.labels("miss");
    this.retries = new Counter({ name: "hippograph_gateway_retries_total", help: "Retries and fallbacks, and retries refused by the retry budget", labelNames: ["reason"], registers });
    this.truncated = new Counter({ name: "hippograph_gateway_truncated_streams_total", help: "Upstream streams cut before their end: before the first byte (fell back) or after (error event)", labelNames: ["model", "stage"], registers });
    this.batchSize = new Histogram({ name: "hippograph_gateway_embedding_batch_size", help: "Inputs per merged upstream embeddings call", buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256], registers });
    new Gauge({
      name: "hippograph_gateway_upstream_outstanding", help: "Requests in flight per replica", labelNames: ["replica"], registers,
      collect() {
        for (const r of src.replicas()) this.set({ replica: r.id }, r.outstanding);
      },
    });
    new Gauge({
      name: "hippograph_gateway_replica_load", help: "Load routing weighs per replica (kind=load: max of ours and the server's running+waiting; kind=kv_usage: reported KV-cache fill)", labelNames: ["replica", "kind"], registers,
      collect() {
        for (const r of src.replicas()) {
          this.set({ replica: r.id, kind: "load" }, r.load);
          this.set({ replica: r.id, kind: "kv_usage" }, r.kvUsage);
        }
      },
    });
    new Gauge({
      name: "hippograph_gateway_breaker_state", help: "Circuit breaker per replica: 0 closed, 1 half-open, 2 open", labelNames: ["replica"], registers,
      collect() {
        for (const r of src.replicas()) this.set({ replica: r.id }, r.breaker.level);
      },
    });
    new Gauge({
      name: "hippograph_gateway_replica_healthy", help: "1 when the last health check passed", labelNames: ["replica"], registers,
      collect() {
        for (const r of src.replicas()) this.set({ replica: r.id }, r.healthy ? 1 : 0);
      },
    });
    kindGauge(registers, "hippograph_gateway_prefix_index_blocks", "Prefix index: blocks held (kind=size), hard cap (kind=cap), evictions so far (kind=evictions), approx bytes (kind=bytes)", () => {
      const p = src.prefixIndex();
      return { size: p.size, cap: p.cap, evictions: p.evictions, bytes: p.bytes };
    });
    kindGauge(registers, "hippograph_gateway_cache_entries", "Exact cache entries (kind=size) and cap (kind=cap)", () => {
      const c = src.cache();
      return { size: c.size, cap: c.cap };
    });
    kindGauge(registers, "hippograph_gateway_cache_bytes", "Exact cache: estimated bytes held (kind=size) and cap (kind=cap)", () => {
      const c = src.cache();
      return { size: c.bytes, cap: c.maxBytes };
    });
    new Gauge({
      name: "hippograph_gateway_embedding_queue", help: "Embedding inputs waiting for their batch", registers,
      collect() {
        this.set(src.pendingEmbeddings());
      },
    });
    new Gauge({
      name: "hippograph_gateway_tokens", help: "Tokens so far per key and model (type=prompt|completion|cached); monotonic", labelNames: ["key", "model", "type"], registers,
      collect() {
        const s = src.accounting.snapshot().byKeyAndModel;
        for (const [key, models] of Object.entries(s)) {
          for (const [model, t] of Object.entries(models)) {
            this.set({ key, model, type: "prompt" }, t.promptTokens);
            this.set({ key, model, type: "completion" }, t.completionTokens);
            this.set({ key, model, type: "cached" }, t.cachedTokens);
          }
        }
      },
    });
  }

  /** Label children are cached: prom-client hashes label sets on every call otherwise. */
  observeDuration(model: string, status: number, seconds: number): void {
    const k = `${model}\u0000${status}`;
    let c = this.durationChildren.get(k);
    if (c === undefined) this.durationChildren.set(k, (c = this.duration.labels(model, String(status))));
    c.observe(seconds);
  }

  observeTtft(model: string, seconds: number): void {
    let c = this.ttftChildren.get(model);
    if (c === undefined) this.ttftChildren.set(model, (c = this.ttft.labels(model)));
    c.observe(seconds);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
