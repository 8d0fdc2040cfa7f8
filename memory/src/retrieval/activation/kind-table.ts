import { z } from "zod";
import { kindNameSchema } from "../../model/kinds.js";
import { EDGE_IN, EDGE_OUT, type TraversalGraph } from "../../ports/traversal.js";

/** Edge kind → weight in [0, 1]; a kind is traversed iff its weight is > 0. */
export const edgeWeightsSchema = z
  .record(kindNameSchema, z.number({ error: "an edge kind's weight must be a number" }).min(0, "edge kind weights must be >= 0").max(1, "edge kind weights must be <= 1 (activation must not grow along a path)"))
  .refine((w) => Object.values(w).some((x) => x > 0), "edgeWeights must give at least one edge kind a weight > 0");

/** Which way activation may cross an edge of a kind: along it ("out"), against it ("in") or both (default). */
export const directionsSchema = z.record(kindNameSchema, z.enum(["out", "in", "both"], { error: 'a direction must be "out", "in" or "both"' }));

export type EdgeWeights = z.output<typeof edgeWeightsSchema>;
export type Directions = z.output<typeof directionsSchema>;

/** May cross from the edge's source to its target / from its target to its source: the mask bits `collectEdges` takes. */
export const ALONG = EDGE_OUT;
export const AGAINST = EDGE_IN;

/**
 * Per-query lookup by the graph's kind code, so the hot loop indexes typed arrays instead of
 * hashing kind names. Kinds the graph has never seen simply get no slot.
 */
export interface KindTable {
  weight: Float64Array;
  /** ALONG | AGAINST bits; 0 for kinds that are not traversed. */
  mask: Uint8Array;
  /** Code → kind name, for explanation paths. */
  names: string[];
}

export function kindTable(graph: TraversalGraph, weights: EdgeWeights, directions: Directions = {}): KindTable {
  const codes = Object.keys(weights).map((kind) => [kind, graph.kindCode(kind)] as const).filter(([, code]) => code >= 0);
  const size = codes.reduce((max, [, code]) => Math.max(max, code + 1), 0);
  const table: KindTable = { weight: new Float64Array(size), mask: new Uint8Array(size), names: [] };
  for (const [kind, code] of codes) {
    const w = weights[kind]!;
    if (w <= 0) continue;
    const dir = directions[kind] ?? "both";
    table.weight[code] = w;
    table.mask[code] = (dir === "in" ? 0 : ALONG) | (dir === "out" ? 0 : AGAINST);
    table.names[code] = kind;
  }
  return table;
}
