import { z } from "zod";

/**
 * The file `hippograph run --trace` writes and `hippograph studio --run` reads: one agent run, step by
 * step. `graph` is the spec's name, which ties the run to the workflow the studio draws.
 */
export const runTraceSchema = z.object({
  graph: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
  steps: z.array(z.object({ node: z.string().min(1), update: z.record(z.string(), z.unknown()) })),
  /** The final state; absent when the run failed, and `error` says how (the steps are those it took). */
  final: z.record(z.string(), z.unknown()).optional(),
  error: z.string().optional(),
});

export type RunTrace = z.output<typeof runTraceSchema>;
export type RunStep = RunTrace["steps"][number];
