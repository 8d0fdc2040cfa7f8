/**
 * HGMem — hypergraph memory (Zhou et al., "Improving Multi-step RAG with Hypergraph-based Memory for
 * Long-Context Complex Relational Modeling", arXiv 2512.23959). Memory points are hyperedges over
 * n ≥ 2 vertices; they are inserted, updated and merged as the agent learns, and recalled from either
 * side: a vertex recalls its units, a mostly-active unit recalls its missing members.
 *
 * Unlike the paper's per-query working memory, these units persist in the memory graph, versioned,
 * and are written only through the store ports, so they run unchanged on every backend.
 */
import type { StructureContext } from "../context.js";
import { findByMembers, findDuplicates, type DuplicateGroup } from "./find-by-members.js";
import type { Hyperedge } from "./hyperedge.js";
import { idListSchema, type InsertInput, type MergeInput, type RecallOptions, type UpdateInput } from "./inputs.js";
import { insertHyperedge, insertHyperedges, type InsertResult } from "./insert.js";
import { loadHyperedges, strip } from "./load-hyperedges.js";
import { mergeHyperedges } from "./merge.js";
import { hyperedgesOf, recallMembers, type RecallResult, type VertexHyperedges } from "./recall.js";
import { updateHyperedge } from "./update.js";
import { parseInput } from "../../model/validate.js";

export class Hypergraph {
  constructor(private readonly ctx: StructureContext) {}

  /** Adds a unit over ≥ 2 existing nodes; the same member set again updates that unit instead. */
  insert(input: InsertInput): Promise<InsertResult> {
    return insertHyperedge(this.ctx, input);
  }

  /**
   * Many units in one atomic commit and a constant number of reads, whatever their number (ingest);
   * results in input order. Later inputs over the same member set win.
   */
  insertMany(inputs: readonly InsertInput[]): Promise<InsertResult[]> {
    return insertHyperedges(this.ctx, inputs);
  }

  /** Adds or removes members and/or rewrites the description, as one new version with a reason. */
  update(id: string, patch: UpdateInput): Promise<Hyperedge> {
    return updateHyperedge(this.ctx, id, patch);
  }

  /** a absorbs b (a keeps its id); b is invalidated and superseded, never deleted. */
  merge(a: string, b: string, options?: MergeInput): Promise<Hyperedge> {
    return mergeHyperedges(this.ctx, a, b, options);
  }

  /** Hyperedges by id with their current members (merged-away ones included, for history). */
  async get(ids: readonly string[]): Promise<Hyperedge[]> {
    const valid = parseInput(idListSchema, ids, "hyperedge get", "ids");
    return (await loadHyperedges(this.ctx, valid)).map(strip);
  }

  /** The current unit over exactly these vertices, if there is one. */
  async findByMembers(vertexIds: readonly string[]): Promise<Hyperedge | undefined> {
    const ids = parseInput(idListSchema, vertexIds, "findByMembers", "vertexIds");
    const found = await findByMembers(this.ctx, ids);
    return found && strip(found);
  }

  /** Current units sharing a member set — left by concurrent inserts; resolve them with `merge`. */
  findDuplicates(): Promise<DuplicateGroup[]> {
    return findDuplicates(this.ctx);
  }

  /** Vertex → the units it belongs to, for all vertices in one traversal. */
  hyperedgesOf(vertexIds: readonly string[]): Promise<VertexHyperedges[]> {
    return hyperedgesOf(this.ctx, vertexIds);
  }

  /** Units whose members are active recall their other members, scored and explained. */
  recallMembers(activeVertexIds: readonly string[], options?: RecallOptions): Promise<RecallResult> {
    return recallMembers(this.ctx, activeVertexIds, options);
  }
}

export function hypergraph(ctx: StructureContext): Hypergraph {
  return new Hypergraph(ctx);
}
