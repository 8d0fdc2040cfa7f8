/**
 * One base error class with stable `code`s. Callers and tests branch on the class
 * or the code, never on message text (messages are for humans and may change).
 */
export type ErrorCode =
  | "VALIDATION"
  | "NOT_FOUND"
  | "CONFLICT"
  | "NOT_OUR_DATABASE"
  | "INCOMPATIBLE_DATABASE"
  | "EMBEDDER"
  | "STORAGE"
  | "MODEL"
  | "CLOSED"
  | "READ_ONLY";

export class HippographError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }

  /** Works across duplicated module copies, where `instanceof` does not. */
  static isInstance(value: unknown): value is HippographError {
    return value instanceof Error && isKnownCode((value as { code?: unknown }).code);
  }
}

const CODES = new Set<ErrorCode>([
  "VALIDATION", "NOT_FOUND", "CONFLICT", "NOT_OUR_DATABASE", "INCOMPATIBLE_DATABASE", "EMBEDDER", "STORAGE", "MODEL", "CLOSED", "READ_ONLY",
]);
function isKnownCode(code: unknown): code is ErrorCode {
  return typeof code === "string" && CODES.has(code as ErrorCode);
}

/** One bad field: `path` is where it is ("episodes[3].text", "line 12: at"). */
export interface Issue {
  path: string;
  message: string;
}

/** Bad input. Names every offending field; nothing was written. */
export class ValidationError extends HippographError {
  readonly issues: readonly Issue[];

  constructor(issues: readonly Issue[], context?: string) {
    const head = context ? `${context}: ` : "";
    const body = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
    super("VALIDATION", `${head}${body}`);
    this.issues = issues;
  }
}

export class NotFoundError extends HippographError {
  constructor(message: string) {
    super("NOT_FOUND", message);
  }
}

/** Optimistic concurrency: the record changed since the caller read it. */
export class ConflictError extends HippographError {
  constructor(message: string) {
    super("CONFLICT", message);
  }
}

/** The file exists but is not a Hippograph database; it was not touched. */
export class NotOurDatabaseError extends HippographError {
  readonly path: string;
  constructor(path: string, why: string, options?: { cause?: unknown }) {
    super("NOT_OUR_DATABASE", `${path} is not a Hippograph database (${why}); refusing to open it`, options);
    this.path = path;
  }
}

/** A Hippograph database made with settings this process cannot honour (schema, embedder). */
export class IncompatibleDatabaseError extends HippographError {
  constructor(message: string) {
    super("INCOMPATIBLE_DATABASE", message);
  }
}

/** The storage itself failed: a file that cannot be created or opened, a full disk, a permission. */
export class StorageError extends HippographError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("STORAGE", message, options);
  }
}

export class EmbedderError extends HippographError {
  readonly status: number | undefined;
  constructor(message: string, options?: { cause?: unknown; status?: number }) {
    super("EMBEDDER", message, options);
    this.status = options?.status;
  }
}

/** A language model call failed: unreachable, timed out, refused, or answered off-contract. */
export class ModelError extends HippographError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("MODEL", message, options);
  }
}

export class ClosedError extends HippographError {
  constructor(what: string) {
    super("CLOSED", `${what} is closed`);
  }
}

/** A write to a memory opened read-only (`createMemory({ readOnly: true })`); nothing was written. */
export class ReadOnlyError extends HippographError {
  constructor(what: string) {
    super("READ_ONLY", `${what} was opened read-only; writes are refused`);
  }
}
