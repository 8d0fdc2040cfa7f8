import { HippographError, StorageError } from "@hippograph/memory";

/**
 * Which driver errors are worth retrying. The driver's managed transactions (executeRead/Write)
 * already retry these with exponential backoff up to `maxTransactionRetryTime`; we use the same
 * classification for the one step it does not cover (verifying connectivity at start) and in tests.
 */
const TRANSIENT_CODES = new Set(["ServiceUnavailable", "SessionExpired"]);
const NOT_TRANSIENT = new Set([
  // Neo4j reports these under TransientError, but retrying cannot help: the transaction was stopped on purpose.
  "Neo.TransientError.Transaction.Terminated",
  "Neo.TransientError.Transaction.LockClientStopped",
]);

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

export function isTransient(error: unknown): boolean {
  const code = errorCode(error);
  if (code === undefined || NOT_TRANSIENT.has(code)) return false;
  if (TRANSIENT_CODES.has(code)) return true;
  if (code.startsWith("Neo.TransientError.")) return true;
  // A cluster leader switch: the write went to a follower; retrying re-routes it.
  return code === "Neo.ClientError.Cluster.NotALeader" || code === "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase";
}

export function isAuthFailure(error: unknown): boolean {
  const code = errorCode(error) ?? "";
  return code.startsWith("Neo.ClientError.Security.");
}

/** Errors of ours pass through; driver errors become a StorageError naming the server. */
export function storageError(error: unknown, where: string, doing: string): HippographError {
  if (HippographError.isInstance(error)) return error;
  const code = errorCode(error);
  const message = (error as { message?: unknown } | null)?.message;
  const why = isAuthFailure(error)
    ? "authentication failed (check NEO4J_USER / NEO4J_PASSWORD)"
    : code === "ServiceUnavailable"
      ? "server unreachable"
      : `${code ?? "error"}: ${typeof message === "string" ? message.slice(0, 300) : String(error)}`;
  return new StorageError(`neo4j at ${where}: ${doing} failed: ${why}`, { cause: error });
}

/** The host part of a URI, without credentials, for error messages. */
export function hostOf(uri: string): string {
  try {
    const u = new URL(uri);
    return `${u.protocol}//${u.host}`;
  } catch {
    return "(invalid uri)";
  }
}

/** Retries `fn` on transient errors with exponential backoff and jitter; anything else fails at once. */
export async function withRetry<T>(fn: () => Promise<T>, options: { attempts: number; baseMs: number; sleep?: (ms: number) => Promise<void> }): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= options.attempts || !isTransient(error)) throw error;
      await sleep(options.baseMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
    }
  }
}
