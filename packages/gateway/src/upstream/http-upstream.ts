/**
 * The HTTP Upstream over an undici Pool: keep-alive connections per origin, the body streamed as it arrives.
 * undici's own header/body timers are off: the gateway applies first-token, between-chunk and total deadlines
 * itself through the abort signal, so they hold for any Upstream implementation.
 */
import { Pool } from "undici";
import type { UpstreamConfig } from "../config/schema.js";
import { parseLoadReport } from "./load-report.js";
import type { Upstream, UpstreamRequest, UpstreamResponse } from "./upstream.js";

export interface HttpUpstreamOptions {
  connectTimeoutMs: number;
}

export function httpUpstream(config: UpstreamConfig, options: HttpUpstreamOptions): Upstream {
  const base = new URL(config.url);
  // Accept base URLs with or without the OpenAI `/v1` suffix: request paths carry it.
  const prefix = base.pathname.replace(/\/+$/, "").replace(/\/v1$/, "");
  const pool = new Pool(base.origin, { connect: { timeout: options.connectTimeoutMs }, headersTimeout: 0, bodyTimeout: 0, keepAliveTimeout: 30_000 });
  const apiKey = config.apiKey ?? (config.apiKeyEnv ? process.env[config.apiKeyEnv] : undefined);
  // Built once: every request sends the same headers.
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json, text/event-stream", ...config.headers };
  if (apiKey) headers["authorization"] = `Bearer ${apiKey}`;

  return {
    id: config.id,
    async send(req: UpstreamRequest): Promise<UpstreamResponse> {
      const res = await pool.request({ method: "POST", path: prefix + req.path, headers, body: req.body, signal: req.signal });
      const h = res.headers;
      return {
        status: res.statusCode,
        header: (name) => {
          const v = h[name];
          return Array.isArray(v) ? v[0] : v;
        },
        body: res.body,
        text: () => res.body.text(),
      };
    },
    async probe(signal: AbortSignal): Promise<boolean> {
      const res = await pool.request({ method: "GET", path: prefix + config.healthPath, headers, signal });
      await res.body.dump();
      return res.statusCode >= 200 && res.statusCode < 300;
    },
    ...(config.loadMetricsPath ? {
      async loadReport(signal: AbortSignal) {
        const res = await pool.request({ method: "GET", path: prefix + config.loadMetricsPath, headers, signal });
        const text = await res.body.text();
        return res.statusCode === 200 ? parseLoadReport(text) : undefined;
      },
    } : {}),
    close: () => pool.close(),
  };
}
