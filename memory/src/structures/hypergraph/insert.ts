import { z } from "zod";
import { parseInput } from "../../model/validate.js";
import type { StructureContext } from "../context.js";
import { insertSchema, type InsertInput } from "./inputs.js";
import { upsertHyperedges, type InsertResult } from "./upsert-hyperedges.js";

export type { InsertResult } from "./upsert-hyperedges.js";

/** One memory point; the same member set again updates that unit (see `upsertHyperedges`). */
export async function insertHyperedge(ctx: StructureContext, input: InsertInput): Promise<InsertResult> {
  const parsed = parseInput(insertSchema, input, "hyperedge insert");
  const [result] = await upsertHyperedges(ctx, [parsed], () => "", "hyperedge insert");
  return result!;
}

const batchSchema = z.array(insertSchema).min(1, "at least one hyperedge is required").max(10_000, "at most 10,000 hyperedges per call");

/**
 * Many memory points in one atomic commit, with a constant number of reads (an ingest batch): all
 * are validated first, and a bad one rejects the call at `hyperedges[i]…` with nothing written.
 */
export async function insertHyperedges(ctx: StructureContext, inputs: readonly InsertInput[]): Promise<InsertResult[]> {
  const parsed = parseInput(batchSchema, inputs, "hyperedge insertMany", "hyperedges");
  return upsertHyperedges(ctx, parsed, (i) => `hyperedges[${i}].`, "hyperedge insertMany");
}
