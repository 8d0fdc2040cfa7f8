import neo4j from "neo4j-driver";
import { HippographError, StorageError } from "@hippograph/memory";

/**
 * Which driver errors are worth retrying. Managed transactions (executeRead/Write) already retry
 * with exponential backoff up to `maxTransactionRetryTime`, using the driver's own test
 * (`isRetryableError`: ServiceUnavailable, SessionExpired, Neo.TransientError.*, and errors the
 * server flags retryable). We use the same test — plus a leader switch, which a routing driver
 * turns into SessionExpired but a direct bolt:// connection reports as is — for the one step it
 * does not cover (verifying connectivity at start), so the two can never disagree.
 */
const LEADER_SWITCH = new Set(["Neo.ClientError.Cluster.NotALeader", "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase"]);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return neo4j.isRetryableError(error) || LEADER_SWITCH.has(errorCode(error) ?? "");
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
