/**
 * The one place that decides what a failed model call throws. errors.ts has no code for a model yet
 * (its codes are a closed union); until the lead adds one ("MODEL"), transport failures are a
 * HippographError with code "VALIDATION" and off-contract output is a ValidationError naming the field.
 * Callers branch on `reason`, which will survive the change of code.
 */
import { HippographError, ValidationError } from "../errors.js";

export type ModelFailureReason = "network" | "timeout" | "http" | "invalid-json" | "truncated" | "refused" | "bad-response";

export type ModelFailure = HippographError & { reason: ModelFailureReason; status?: number };

export function modelFailure(
  reason: ModelFailureReason,
  message: string,
  options: { status?: number; cause?: unknown; path?: string } = {},
): ModelFailure {
  const output = reason === "invalid-json" || reason === "truncated" || reason === "refused" || reason === "bad-response";
  const err = output
    ? new ValidationError([{ path: options.path ?? "", message }], "model output")
    : new HippographError("VALIDATION", message, { cause: options.cause });
  return Object.assign(err, { reason, ...(options.status === undefined ? {} : { status: options.status }) });
}

export function isModelFailure(err: unknown): err is ModelFailure {
  return HippographError.isInstance(err) && typeof (err as { reason?: unknown }).reason === "string";
}
