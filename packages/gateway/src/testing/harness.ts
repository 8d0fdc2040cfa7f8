/** Test plumbing: upstream doubles and gateways closed after each test, request helpers. */
import { createGateway, type Gateway } from "../gateway.js";
import { startScriptedUpstream, type ScriptedUpstream } from "./scripted-upstream.js";

export function harness() {
  const open: { close(): Promise<void> }[] = [];
  return {
    async upstream(...args: Parameters<typeof startScriptedUpstream>): Promise<ScriptedUpstream> {
      const u = await startScriptedUpstream(...args);
      open.push(u);
      return u;
    },
    gateway(...args: Parameters<typeof createGateway>): Gateway {
      const g = createGateway(...args);
      open.push(g);
      return g;
    },
    track<T extends { close(): Promise<void> }>(x: T): T {
      open.push(x);
      return x;
    },
    closeAll: async () => void (await Promise.all(open.splice(0).map((o) => o.close()))),
  };
}

export function post(g: Gateway, path: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return g.fetch(new Request(`http://gw${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body), signal }));
}

export const chatBody = (content = "hi", extra: Record<string, unknown> = {}) => ({ model: "m", messages: [{ role: "user", content }], ...extra });
