/** @hippograph/cli — the `hippograph` command, usable in-process (tests, other tools). */
export { main, buildProgram } from "./program.js";
export { EXIT, EXIT_CODES_HELP, exitCodeFor, type ExitCode } from "./exit-codes.js";
export type { CliIO, Writer } from "./io.js";
