/**
 * The Upstream port: one OpenAI-compatible server (a replica). The gateway core only sees this interface, so
 * tests and embedders can inject an in-process double, and HTTP is one implementation among others.
 */
import type { LoadReport } from "./load-report.js";

export interface UpstreamRequest {
  /** e.g. `/v1/chat/completions` */
  path: string;
  /** The JSON body, already serialised. */
  body: string;
  /** Aborting it must cancel the request on the server (connection closed or request reset). */
  signal: AbortSignal;
}

export interface UpstreamResponse {
  status: number;
  /** A response header, lower-case name. */
  header(name: string): string | undefined;
  /** The body as it arrives, chunk by chunk; never buffered. */
  body: AsyncIterable<Uint8Array>;
  text(): Promise<string>;
}

export interface Upstream {
  readonly id: string;
  send(request: UpstreamRequest): Promise<UpstreamResponse>;
  /** A cheap liveness probe (GET of the configured health path); resolves true when healthy. */
  probe?(signal: AbortSignal): Promise<boolean>;
  /** The server's own load (requests running/waiting, KV usage), when it exports it; polled with health checks. */
  loadReport?(signal: AbortSignal): Promise<LoadReport | undefined>;
  close?(): Promise<void>;
}
