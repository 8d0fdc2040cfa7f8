import { HippographError, StorageError } from "@hippograph/memory";

const TRANSIENT_STATUS = new Set([408, 429, 502, 503, 504]);
const TRANSIENT_NET = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT"]);

export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

function netCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = cause?.code ?? (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** Overload, restarts and dropped connections are worth a retry; 4xx answers about the request are not. */
export function isTransient(error: unknown): boolean {
  const status = statusOf(error);
  if (status !== undefined) return TRANSIENT_STATUS.has(status);
  const name = (error as { name?: unknown } | null)?.name;
  if (name === "QdrantClientTimeoutError" || name === "QdrantClientResourceExhaustedError") return true;
  const code = netCode(error);
  return code !== undefined && TRANSIENT_NET.has(code);
}

export function storageError(error: unknown, where: string, doing: string): HippographError {
  if (HippographError.isInstance(error)) return error;
  const status = statusOf(error);
  const code = netCode(error);
  const why = status === 401 || status === 403
    ? "the server refused the API key"
    : code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN"
      ? `server unreachable (${code})`
      : `${status !== undefined ? `HTTP ${status}` : (code ?? "error")}: ${String((error as { message?: unknown } | null)?.message ?? error).slice(0, 300)}`;
  return new StorageError(`qdrant at ${where}: ${doing} failed: ${why}`, { cause: error });
}

/** Bounded retries with exponential backoff and jitter; anything not transient fails at once. */
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

/** The origin of a URL, without credentials or path, for error messages. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "(invalid url)";
  }
}
