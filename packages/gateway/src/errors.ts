/**
 * One base error class with stable `code`s, mirroring @hippograph/memory's convention (the gateway may not
 * import it). Callers and tests branch on the class or the code, never on message text.
 */
export type GatewayErrorCode =
  | "CONFIG"
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "MODEL_NOT_FOUND"
  | "NO_REPLICA"
  | "UPSTREAM"
  | "TIMEOUT"
  | "TRUNCATED"
  | "ABORTED"
  | "CLOSED";

/** HTTP status a code maps to when a request fails before any byte of the response was sent. */
const STATUS: Record<GatewayErrorCode, number> = {
  CONFIG: 500, BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, MODEL_NOT_FOUND: 404, NO_REPLICA: 503,
  UPSTREAM: 502, TIMEOUT: 504, TRUNCATED: 502, ABORTED: 499, CLOSED: 503,
};

export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  /** The HTTP status to answer with; an upstream's own status for pass-through errors. */
  readonly status: number;

  constructor(code: GatewayErrorCode, message: string, options?: { cause?: unknown; status?: number }) {
    super(message, options);
    this.code = code;
    this.status = options?.status ?? STATUS[code];
    this.name = new.target.name;
  }

  /** Works across duplicated module copies, where `instanceof` does not. */
  static isInstance(value: unknown): value is GatewayError {
    return value instanceof Error && isGatewayErrorCode((value as { code?: unknown }).code);
  }
}

/** Whether `code` is one of this gateway's error codes (e.g. one read back from an error document). */
export function isGatewayErrorCode(code: unknown): code is GatewayErrorCode {
  return typeof code === "string" && Object.hasOwn(STATUS, code);
}

/** One bad field of a configuration: `path` is where it is (`models[0].targets[1].upstreams[0]`). */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** A configuration refused at start. Names every offending field. */
export class GatewayConfigError extends GatewayError {
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[], source?: string) {
    const body = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
    super("CONFIG", `${source ? `${source}: ` : ""}invalid gateway config: ${body}`);
    this.issues = issues;
  }
}

/**
 * An upstream failure. `retryable` says whether another attempt (same or other replica) may succeed;
 * `retryAfterMs` carries the upstream's Retry-After; `body` the upstream's own error document, passed on as-is.
 */
export class UpstreamError extends GatewayError {
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly body: string | undefined;
  readonly replica: string | undefined;
  constructor(message: string, o: { status?: number; retryable: boolean; retryAfterMs?: number; body?: string; replica?: string; cause?: unknown; code?: "UPSTREAM" | "TIMEOUT" | "TRUNCATED" }) {
    super(o.code ?? "UPSTREAM", message, { cause: o.cause, status: o.status });
    this.retryable = o.retryable;
    this.retryAfterMs = o.retryAfterMs;
    this.body = o.body;
    this.replica = o.replica;
  }
}

/** The OpenAI error document for a failure (`{ error: { message, type, code } }`). */
export function errorBody(error: unknown): string {
  if (error instanceof UpstreamError && error.body) return error.body;
  const code = GatewayError.isInstance(error) ? error.code : "INTERNAL";
  const message = error instanceof Error ? error.message : String(error);
  const type = code === "BAD_REQUEST" || code === "MODEL_NOT_FOUND" ? "invalid_request_error" : code === "UNAUTHORIZED" ? "authentication_error" : "gateway_error";
  return JSON.stringify({ error: { message, type, code } });
}

export function statusOf(error: unknown): number {
  return GatewayError.isInstance(error) ? error.status : 500;
}
