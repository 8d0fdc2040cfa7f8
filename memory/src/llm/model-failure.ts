/**
 * The one place that decides what a failed model call throws: a ModelError (code "MODEL") carrying
 * `reason` (what went wrong) and, for off-contract output, the path of the offending field.
 */
import { HippographError, ModelError } from "../errors.js";

export type ModelFailureReason = "network" | "timeout" | "http" | "invalid-json" | "truncated" | "refused" | "bad-response";

export type ModelFailure = HippographError & { reason: ModelFailureReason; status?: number };

export function modelFailure(
  reason: ModelFailureReason,
  message: string,
  options: { status?: number; cause?: unknown; path?: string } = {},
): ModelFailure {
  const where = options.path ? `${options.path}: ` : "";
  const err = new ModelError(`model ${reason}: ${where}${message}`, { cause: options.cause });
  return Object.assign(err, { reason, ...(options.status === undefined ? {} : { status: options.status }), ...(options.path ? { path: options.path } : {}) });
}

export function isModelFailure(err: unknown): err is ModelFailure {
  return HippographError.isInstance(err) && typeof (err as { reason?: unknown }).reason === "string";
}
