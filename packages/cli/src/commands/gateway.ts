/**
 * `hippograph gateway serve --config <file>` runs the model gateway until SIGINT/SIGTERM;
 * `hippograph gateway check --config <file>` validates a config and says what it would serve.
 * A bad config exits 3 (invalid input) with the path of every bad field.
 */
import type { Command } from "commander";
import { GatewayConfigError, loadConfigFile, startGatewayServer, type GatewayConfig } from "@hippograph/gateway";
import { NotFoundError, ValidationError } from "@hippograph/memory";
import { globals } from "../context.js";
import { printJson } from "../format.js";
import { writeAll, type CliIO } from "../io.js";
import { untilInterrupted } from "../until-interrupted.js";

/** Gateway config errors in the CLI's vocabulary, so exit codes and printing match every other command. */
async function load(path: string): Promise<GatewayConfig> {
  try {
    return await loadConfigFile(path);
  } catch (error) {
    if (error instanceof GatewayConfigError) throw new ValidationError(error.issues, path);
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new NotFoundError(`config file not found: ${path}`);
    throw error;
  }
}

function summary(c: GatewayConfig) {
  return {
    upstreams: c.upstreams.length,
    models: c.models.map((m) => ({ name: m.name, type: m.type, policy: m.routing.policy, replicas: m.targets.reduce((n, t) => n + t.upstreams.length, 0) })),
    keys: c.keys.length,
  };
}

export function registerGateway(program: Command, io: CliIO): void {
  const gateway = program.command("gateway").description("the OpenAI-compatible model gateway (see docs/gateway.md)");
  gateway
    .command("serve")
    .description("serve the gateway until interrupted (SIGINT/SIGTERM)")
    .requiredOption("--config <file>", "gateway config, JSON or YAML")
    .option("--port <port>", "port (overrides server.port; 0 picks a free one)", (v) => Number.parseInt(v, 10))
    .option("--host <host>", "address to listen on (overrides server.host)")
    .action(async (options: { config: string; port?: number; host?: string }, command: Command) => {
      const g = globals(command);
      const config = await load(options.config);
      const server = await startGatewayServer({ config, ...(options.port !== undefined ? { port: options.port } : {}), ...(options.host ? { host: options.host } : {}) });
      if (g.json) await printJson(io, { url: server.url, ...summary(config) });
      else await writeAll(io.stdout, `gateway listening on ${server.url} (OpenAI base URL ${server.url}/v1) — ${config.models.map((m) => m.name).join(", ")}\n`);
      await untilInterrupted();
      await server.close();
    });
  gateway
    .command("check")
    .description("validate a gateway config and print what it would serve")
    .requiredOption("--config <file>", "gateway config, JSON or YAML")
    .action(async (options: { config: string }, command: Command) => {
      const config = await load(options.config);
      const s = summary(config);
      if (globals(command).json) return printJson(io, { ok: true, ...s });
      await writeAll(io.stdout, `ok: ${s.upstreams} upstreams, ${s.models.length} models (${s.models.map((m) => `${m.name}: ${m.replicas} replicas, ${m.policy}`).join("; ")})\n`);
    });
}
