/**
 * `hippograph studio` serves the visual debugger over the --db memory until SIGINT/SIGTERM. The file is
 * opened read-only (an agent may go on writing it; the studio sees its commits), and a memory file that
 * does not exist (or is empty) is an error (exit 5) rather than a new one made.
 */
import { basename } from "node:path";
import type { Command } from "commander";
import { parseGraphSpec } from "@hippograph/graphs";
import { ValidationError, parseInput } from "@hippograph/memory";
import { agentGraphView } from "../agent-graph-view.js";
import { parseJson, readText } from "../read-input.js";
import { runTraceSchema } from "../run-trace.js";
import { untilInterrupted } from "../until-interrupted.js";
import { DEFAULT_STUDIO_PORT, startStudio, type WireAgentGraph, type WireAgentRun } from "@hippograph/studio";
import { globals, withMemory } from "../context.js";
import { printJson } from "../format.js";
import { writeAll, type CliIO } from "../io.js";
import { intIn } from "../options.js";

export function registerStudio(program: Command, io: CliIO): void {
  program
    .command("studio")
    .description("the visual graph debugger in your browser: run retrieval pipelines on the memory and see each operator, the activation and the paths")
    .option("--port <port>", `port (0 picks a free one)`, intIn(0, 65_535), DEFAULT_STUDIO_PORT)
    .option("--host <host>", "address to listen on; the studio has no authentication, so keep it local unless a proxy guards it", "127.0.0.1")
    .option("--only-ns", "serve --ns alone: other namespaces of the file are neither listed nor readable")
    .option("--graph <spec...>", "agent graph specs (JSON or YAML) to show beside the memory")
    .option("--run <trace...>", "recorded runs of those graphs (`hippograph run --trace`) to step through")
    .action(async (options: { port: number; host: string; onlyNs?: boolean; graph?: string[]; run?: string[] }, command: Command) => {
      const g = globals(command);
      // Specs are read and validated before the database is opened: a bad one exits 3 naming its field, touching nothing.
      const agentGraphs: WireAgentGraph[] = [];
      const named = new Map<string, string>();
      for (const path of options.graph ?? []) {
        const spec = parseGraphSpec(await readText(path, "graph spec"));
        const first = named.get(spec.name);
        if (first !== undefined) throw new ValidationError([{ path: "name", message: `${path} and ${first} both name their graph "${spec.name}": the studio tells graphs apart by name` }], path);
        named.set(spec.name, path);
        agentGraphs.push(agentGraphView(spec));
      }
      const agentRuns: WireAgentRun[] = [];
      for (const path of options.run ?? []) {
        const trace = parseInput(runTraceSchema, parseJson(await readText(path, "run trace"), "(root)", path), path);
        if (!named.has(trace.graph)) throw new ValidationError([{ path: "graph", message: `this run is of graph "${trace.graph}", which no --graph spec names` }], path);
        agentRuns.push({ graph: trace.graph, label: basename(path), steps: trace.steps });
      }
      await withMemory(g, async (memory) => {
        const server = await startStudio({ memory, port: options.port, host: options.host, ns: g.ns, agentGraphs, agentRuns, ...(options.onlyNs ? { namespaces: [g.ns] } : {}) });
        if (g.json) await printJson(io, { url: server.url, ns: g.ns, db: g.backend === "embedded" ? g.db : null });
        else await writeAll(io.stdout, `studio on ${server.url}/ — namespace "${g.ns}" of ${g.backend === "embedded" ? g.db : "Neo4j + Qdrant"} (Ctrl-C stops it)\n`);
        await untilInterrupted();
        await server.close();
      }, { readOnly: true });
    });
}
