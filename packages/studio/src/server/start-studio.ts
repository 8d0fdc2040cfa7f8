/** The studio on a port, through @hono/node-server. `port: 0` picks a free one; `url` says which. */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Memory } from "@hippograph/memory";
import { studioApp } from "./app.js";

export interface StartStudioOptions {
  memory: Memory;
  /** Default 7420; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the studio reads memory and has no authentication, so it listens on this machine only unless told otherwise. */
  host?: string;
  /** The namespace the page opens on. */
  ns?: string;
}

export interface StudioServer {
  url: string;
  /** Stops listening; the memory stays open (its owner closes it). */
  close(): Promise<void>;
}

export const DEFAULT_STUDIO_PORT = 7420;

export async function startStudio(o: StartStudioOptions): Promise<StudioServer> {
  const app = studioApp(o.memory, o.ns === undefined ? {} : { ns: o.ns });
  const { server, address } = await new Promise<{ server: ReturnType<typeof serve>; address: AddressInfo }>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: o.port ?? DEFAULT_STUDIO_PORT, hostname: o.host ?? "127.0.0.1" }, (info) => resolve({ server: s, address: info }));
    s.once("error", reject);
  });
  const shown = address.address.includes(":") ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    }),
  };
}
