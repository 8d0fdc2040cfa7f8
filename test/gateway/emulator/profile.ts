/**
 * Timing and fault profile of one emulated replica. Every field has a default; `fault` applies to the next
 * `times` requests of the matching endpoints (all of them when `times` is absent), then clears itself.
 */
import { z } from "zod";

export const FaultSchema = z.discriminatedUnion("type", [
  /** Answer with this HTTP status (429 with `Retry-After: retryAfterS`, or a 5xx) before any work. */
  z.object({ type: z.literal("status"), status: z.number().int().min(400).max(599), retryAfterS: z.number().min(0).optional(), times: z.number().int().min(1).optional() }),
  /** Close the socket after `afterTokens` streamed tokens, without a finish chunk or `[DONE]` (non-streaming: before the response). */
  z.object({ type: z.literal("cut"), afterTokens: z.number().int().min(0), times: z.number().int().min(1).optional() }),
  /** Stay silent this long before the first token (headers are sent at once on streams, as vLLM does). */
  z.object({ type: z.literal("silent"), ms: z.number().min(0), times: z.number().int().min(1).optional() }),
]);
export type Fault = z.infer<typeof FaultSchema>;

export const ProfileSchema = z.object({
  model: z.string().default("emu-model"),
  /** Fixed part of the time to first token (scheduling, detokenisation), in ms. */
  overheadMs: z.number().min(0).default(0),
  /** Prefill time per uncached prompt token, in ms; prefills on one replica run one after another. */
  prefillMsPerToken: z.number().min(0).default(0),
  /** Decode time per output token (inter-token latency), in ms; decodes run batched, in parallel. */
  itlMs: z.number().min(0).default(0),
  /** Multiplies every delay: a slow replica. */
  slowFactor: z.number().min(0).default(1),
  /** Output length when the request sets no max_tokens. */
  outputTokens: z.number().int().min(0).default(16),
  /** Requests running at once; the rest wait in a FIFO queue. */
  maxConcurrency: z.number().int().min(1).default(256),
  /** Waiting requests beyond this are answered 503. */
  maxWaiting: z.number().int().min(0).default(100_000),
  /** KV cache capacity in 16-token blocks. */
  cacheBlocks: z.number().int().min(0).default(4096),
  /** Cache answer tokens too (vLLM caches every full block of prompt + output). */
  cacheOutput: z.boolean().default(true),
  embedOverheadMs: z.number().min(0).default(0),
  embedMsPerInput: z.number().min(0).default(0),
  embedDimensions: z.number().int().min(1).default(8),
  fault: FaultSchema.nullable().default(null),
  /** Endpoints the fault applies to (default: all model endpoints). */
  faultPaths: z.array(z.enum(["chat", "completions", "embeddings"])).optional(),
});
export type Profile = z.infer<typeof ProfileSchema>;
export type ProfileInput = z.input<typeof ProfileSchema>;

export function parseProfile(input: ProfileInput | undefined): Profile {
  return ProfileSchema.parse(input ?? {});
}

/** Merges a partial update into a profile (`fault: null` clears the fault). */
export function mergeProfile(base: Profile, patch: Partial<ProfileInput>): Profile {
  return ProfileSchema.parse({ ...base, ...patch });
}
