import { CommanderError } from "commander";
import { HippographError } from "@hippograph/memory";

/** The process exit codes: stable, documented in `--help`, so scripts can branch on them. */
export const EXIT = {
  OK: 0,
  /** A bug or an environment failure we did not anticipate. */
  INTERNAL: 1,
  /** Unknown command or option, missing or malformed argument. */
  USAGE: 2,
  /** The input data is invalid (bad JSONL line, bad LoCoMo shape, text over the size limit). Nothing was written. */
  INVALID_INPUT: 3,
  /** The --db file is not a Hippograph database, or one this version cannot open. It was not touched. */
  DATABASE_REFUSED: 4,
  /** A file or record that was asked for does not exist. */
  NOT_FOUND: 5,
  /** The database file could not be created, opened or written (a missing permission, a full disk, a read-only open). */
  STORAGE: 6,
  /** A language model or embedding server failed (unreachable, timed out, or answered off-contract). */
  MODEL: 7,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = `
Exit codes:
  0  ok
  1  unexpected internal error (set DEBUG=hippograph for the stack)
  2  usage error: unknown command or option, missing or bad argument
  3  invalid input data (the errors name the line or JSON path); nothing was written
  4  the --db file is not a Hippograph database or is incompatible; it was not touched
  5  not found (e.g. the file to ingest does not exist, or the --db of a command that only reads)
  6  storage failure: the database file cannot be created, opened or written (or was opened read-only)
  7  model failure: a language model or embedding server was unreachable, timed out or answered off-contract
`;

/** Commander's "help shown" and "version shown" are successes; every other commander error is usage. */
const COMMANDER_OK = new Set(["commander.helpDisplayed", "commander.version"]);

/** The system's own refusals to read or write a file: a missing file or directory, a permission, a full disk. */
const FILE_ERRORS: Readonly<Record<string, ExitCode>> = {
  ENOENT: EXIT.NOT_FOUND, ENOTDIR: EXIT.NOT_FOUND, EISDIR: EXIT.STORAGE, EACCES: EXIT.STORAGE, EPERM: EXIT.STORAGE, EROFS: EXIT.STORAGE,
  ENOSPC: EXIT.STORAGE, EDQUOT: EXIT.STORAGE, SQLITE_READONLY: EXIT.STORAGE, SQLITE_CANTOPEN: EXIT.STORAGE, SQLITE_FULL: EXIT.STORAGE,
};

/** The system's code of an error that is a refusal of a file (ENOENT, EACCES, SQLITE_READONLY …), if it is one. */
export function fileErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && Object.hasOwn(FILE_ERRORS, code) ? code : undefined;
}

export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CommanderError) return COMMANDER_OK.has(error.code) ? EXIT.OK : EXIT.USAGE;
  if (!HippographError.isInstance(error)) {
    const file = fileErrorCode(error);
    return file === undefined ? EXIT.INTERNAL : FILE_ERRORS[file]!;
  }
  switch (error.code) {
    case "VALIDATION":
      return EXIT.INVALID_INPUT;
    case "NOT_OUR_DATABASE":
    case "INCOMPATIBLE_DATABASE":
      return EXIT.DATABASE_REFUSED;
    case "NOT_FOUND":
      return EXIT.NOT_FOUND;
    case "STORAGE":
    case "READ_ONLY":
      return EXIT.STORAGE;
    case "MODEL":
    case "EMBEDDER":
      return EXIT.MODEL;
    default:
      return EXIT.INTERNAL;
  }
}
