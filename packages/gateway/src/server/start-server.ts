/** The gateway on a port, through @hono/node-server. `port: 0` picks a free one; `url` says which. */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { GatewayConfig, GatewayConfigInput } from "../config/schema.js";
import { createGateway, type Gateway, type GatewayOptions } from "../gateway.js";

export interface StartGatewayServerOptions extends GatewayOptions {
  config: GatewayConfigInput | GatewayConfig;
  /** Overrides `server.port` of the config. */
  port?: number;
  /** Overrides `server.host` (default 127.0.0.1). */
  host?: string;
}

export interface GatewayServer {
  /** e.g. `http://127.0.0.1:4000` — append `/v1` for OpenAI clients. */
  url: string;
  gateway: Gateway;
  close(): Promise<void>;
}

export async function startGatewayServer(options: StartGatewayServerOptions): Promise<GatewayServer> {
  const gateway = createGateway(options.config, options);
  const host = options.host ?? gateway.config.server.host;
  const port = options.port ?? gateway.config.server.port;
  const { server, address } = await new Promise<{ server: ReturnType<typeof serve>; address: AddressInfo }>((resolve, reject) => {
    const s = serve({ fetch: gateway.fetch, port, hostname: host }, (info) => resolve({ server: s, address: info }));
    s.once("error", reject);
  });
  const shown = address.address.includes(":") ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    gateway,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await gateway.close();
    },
  };
}
