import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { registerDemo } from "./commands/demo.js";
import { registerExport } from "./commands/export.js";
import { registerGateway } from "./commands/gateway.js";
import { registerIngest } from "./commands/ingest.js";
import { registerRun } from "./commands/run.js";
import { registerRetrieve } from "./commands/retrieve.js";
import { registerSearch } from "./commands/search.js";
import { registerStats } from "./commands/stats.js";
import { registerStudio } from "./commands/studio.js";
import { DEFAULT_DB, DEFAULT_NS } from "./context.js";
import { EXIT, EXIT_CODES_HELP, exitCodeFor } from "./exit-codes.js";
import { formatError } from "./format.js";
import { isDebug, processIO, type CliIO } from "./io.js";
import { choice, namespaceArg } from "./options.js";
import { BACKENDS } from "./backend.js";
import { registerImport } from "./commands/import.js";

// package.json sits one level above both src/ and dist/.
const VERSION = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;

/** The `hippograph` command. Output goes through `io`, and commander never exits the process itself. */
export function buildProgram(io: CliIO, json = false): Command {
  const program = new Command("hippograph")
    .description("Hippograph memory from the command line: load conversations, search them, inspect and export the graph.")
    .version(VERSION)
    .option("--db <path>", "SQLite file of the memory (its directory is created)", DEFAULT_DB)
    .option("--ns <namespace>", "namespace to read and write", namespaceArg, DEFAULT_NS)
    .option("--backend <backend>", "embedded (the --db file) or neo4j+qdrant (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, QDRANT_URL from the environment)", choice(BACKENDS), "embedded")
    .option("--json", "machine output: one JSON document on stdout; errors as JSON on stderr")
    .addHelpText("after", EXIT_CODES_HELP)
    .showSuggestionAfterError()
    // Settings set before .command() are inherited by every subcommand.
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      outputError: (s, write) => write(json ? `${JSON.stringify({ error: { code: "USAGE", message: s.replace(/^error: /, "").trim() } })}\n` : s),
    });
  registerDemo(program, io);
  registerIngest(program, io);
  registerSearch(program, io);
  registerRetrieve(program, io);
  registerStats(program, io);
  registerExport(program, io);
  registerImport(program, io);
  registerRun(program, io);
  registerGateway(program, io);
  registerStudio(program, io);
  return program;
}

/** Runs the CLI on a full argv (node, script, ...args) and returns the exit code instead of exiting. */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  // Known before parsing, so that even commander's own errors come out as JSON.
  const json = argv.slice(2).includes("--json");
  try {
    await buildProgram(io, json).parseAsync([...argv], { from: "node" });
    return EXIT.OK;
  } catch (error) {
    // Commander has already printed its message (or the help) through configureOutput.
    if (!(error instanceof CommanderError)) io.stderr.write(formatError(error, { json, debug: isDebug(io) }));
    return exitCodeFor(error);
  }
}
