/** The studio on a port, through @hono/node-server. `port: 0` picks a free one; `url` says which. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Memory } from "@hippograph/memory";
import type { WireAgentGraph, WireAgentRun } from "../wire/wire.js";
import { studioApp } from "./app.js";
import { LOOPBACK_ADDRESSES, LOOPBACK_HOSTS } from "./guard.js";

export interface StartStudioOptions {
  memory: Memory;
  /** Default 7420; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the studio reads memory and has no authentication, so it listens on this machine only unless told otherwise. */
  host?: string;
  /** The namespace the page opens on. */
  ns?: string;
  /** Only these namespaces can be read (default: all of the memory's). */
  namespaces?: readonly string[];
  /** Agent workflow graphs to show beside the memory. */
  agentGraphs?: readonly WireAgentGraph[];
  /** Recorded runs of those graphs. */
  agentRuns?: readonly WireAgentRun[];
  /** How long `close()` lets requests in flight finish before it drops their connections (default 5,000 ms). */
  closeGraceMs?: number;
}

export interface StudioServer {
  url: string;
  /**
   * Stops listening and resolves once the requests in flight are answered (or dropped after
   * `closeGraceMs`), so the memory's owner can close it without failing them. The memory stays open.
   */
  close(): Promise<void>;
}

export const DEFAULT_STUDIO_PORT = 7420;

export async function startStudio(o: StartStudioOptions): Promise<StudioServer> {
  const host = o.host ?? "127.0.0.1";
  const port = o.port ?? DEFAULT_STUDIO_PORT;
  // Bound to this machine, it answers only to this machine's names (guard.ts); bound wider, whoever exposed it chose the names.
  const app = studioApp(o.memory, { ...(o.ns === undefined ? {} : { ns: o.ns }), ...(o.namespaces ? { namespaces: o.namespaces } : {}), ...(o.agentGraphs ? { agentGraphs: o.agentGraphs } : {}), ...(o.agentRuns ? { agentRuns: o.agentRuns } : {}), hosts: LOOPBACK_ADDRESSES.includes(host) ? LOOPBACK_HOSTS : "any" });
  const { server, address } = await new Promise<{ server: ReturnType<typeof serve>; address: AddressInfo }>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new Error(`port ${port} on ${host} is in use: choose another with --port, or --port 0 for any free one`) : error);
    const s = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
      s.off("error", failed);
      resolve({ server: s, address: info });
    });
    s.once("error", failed);
  });
  // Answers still to be sent: at close() they are told to end their connection, which keep-alive would hold open.
  const pending = new Set<ServerResponse>();
  server.on("request", (_request: IncomingMessage, response: ServerResponse) => {
    pending.add(response);
    response.once("close", () => pending.delete(response));
  });
  const shown = address.address.includes(":") ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    close: () => new Promise<void>((resolve) => {
      const http = server as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
      const force = setTimeout(() => http.closeAllConnections?.(), o.closeGraceMs ?? 5_000);
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      for (const response of pending) {
        if (!response.headersSent) response.shouldKeepAlive = false;
        else response.once("finish", () => setImmediate(() => http.closeIdleConnections?.())); // already told to keep alive: close once idle
      }
      http.closeIdleConnections?.(); // kept-alive sockets with nothing in flight would hold close() open
    }),
  };
}
