/**
 * Our gateway as its own process for the benchmark:
 *   node --import tsx/esm --conditions=source test/bench/gateway-server.ts '<config JSON>' '[model names routed by the SGLang-style policy]'
 * Prints `{ "ready": true, "url", "pid" }` on stdout and serves until SIGTERM or stdin closes.
 */
import { startGatewayServer, type GatewayConfigInput, type PolicyFactory } from "@hippograph/gateway";
import { sglangStyle } from "./gateway-policies.js";

const config = JSON.parse(process.argv[2] ?? "{}") as GatewayConfigInput;
const sglangModels = JSON.parse(process.argv[3] ?? "[]") as string[];
const policies: Record<string, PolicyFactory> = {};
for (const m of sglangModels) policies[m] = () => sglangStyle();
const server = await startGatewayServer({ config, port: 0, policies });
process.stdout.write(JSON.stringify({ ready: true, url: server.url, pid: process.pid }) + "\n");

let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  void server.close().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
process.stdin.on("end", shutdown);
process.stdin.resume();
