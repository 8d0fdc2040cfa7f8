import { parseInput } from "../../model/validate.js";
import type { StructureContext } from "../context.js";
import { MEMBER_EDGE, isCurrent, type Hyperedge, type HyperedgeMember } from "./hyperedge.js";
import { idListSchema, recallSchema, type RecallOptions } from "./inputs.js";
import { loadHyperedges, strip } from "./load-hyperedges.js";

/** A hyperedge reached from some vertices, and which of them reached it. */
export interface VertexHyperedges {
  hyperedge: Hyperedge;
  /** The asked-about vertices that are members of it. */
  via: string[];
}

/**
 * Vertex → hyperedges: the units each vertex belongs to (HGMem's "involved objects of the targeted
 * memory points", read backwards). One in-neighbour call over member edges for all vertices, then one
 * read of the hyperedges found; units merged away are left out.
 */
export async function hyperedgesOf(ctx: StructureContext, vertexIds: readonly string[]): Promise<VertexHyperedges[]> {
  const ids = parseInput(idListSchema, vertexIds, "hyperedgesOf", "vertexIds");
  const now = ctx.now();
  const via = await incident(ctx, ids, now);
  const loaded = await loadHyperedges(ctx, [...via.keys()], now);
  return loaded
    .filter((h) => isCurrent(h.node, now))
    .map((h) => ({ hyperedge: strip(h), via: [...via.get(h.id)!].sort() }))
    // Units shared by more of the asked vertices first; ids break ties so every backend agrees.
    .sort((x, y) => y.via.length - x.via.length || (x.hyperedge.id < y.hyperedge.id ? -1 : 1));
}

/** One recalled unit: why it fired and what it brings back. */
export interface HyperedgeRecall {
  hyperedge: Hyperedge;
  /** Fraction of its members that are active, in (0, 1]. */
  score: number;
  /** The active members that fired it: the explanation. */
  activatedBy: string[];
  /** Its members that were not active: what the unit recalls. */
  recalled: HyperedgeMember[];
  /** The same, in words, for traces and debuggers: "2 of 3 members active (a, b)". */
  explanation: string;
}

export interface RecallResult {
  /** Best first: higher score, then more active members, then id. */
  hyperedges: HyperedgeRecall[];
  /** Each recalled vertex once, with its best hyperedge score and every unit that recalled it. */
  vertices: { id: string; score: number; via: string[] }[];
}

/**
 * Pattern completion over the hypergraph: a unit most of whose members are active recalls the rest
 * (HGMem's memory points used as associative context; cf. the "extended info" step, §3.2 step 5).
 * Score = active members / members. A unit fires with at least `minActive` active members (default 2:
 * one shared vertex is an association, two are a relationship) and at least `minFraction` of them.
 * Units below `minActive` are dropped before their members are read, so hubs stay cheap.
 */
export async function recallMembers(ctx: StructureContext, activeVertexIds: readonly string[], options: RecallOptions = {}): Promise<RecallResult> {
  const active = new Set(parseInput(idListSchema, activeVertexIds, "recallMembers", "activeVertexIds"));
  const o = parseInput(recallSchema, options, "recallMembers", "options");
  const now = ctx.now();
  const via = await incident(ctx, [...active], now);
  const candidates = [...via.entries()].filter(([, v]) => v.size >= o.minActive).map(([id]) => id);
  const loaded = await loadHyperedges(ctx, candidates, now);

  const hits: HyperedgeRecall[] = [];
  for (const h of loaded) {
    if (!isCurrent(h.node, now) || h.members.length === 0) continue;
    const activatedBy = h.members.filter((m) => active.has(m.id)).map((m) => m.id);
    const score = activatedBy.length / h.members.length;
    if (activatedBy.length < o.minActive || score < o.minFraction) continue;
    hits.push({
      hyperedge: strip(h), score, activatedBy, recalled: h.members.filter((m) => !active.has(m.id)),
      explanation: `${activatedBy.length} of ${h.members.length} members active (${activatedBy.join(", ")})`,
    });
  }
  hits.sort((x, y) => y.score - x.score || y.activatedBy.length - x.activatedBy.length || (x.hyperedge.id < y.hyperedge.id ? -1 : 1));
  const kept = hits.slice(0, o.limit);

  const vertices = new Map<string, { id: string; score: number; via: string[] }>();
  for (const hit of kept) {
    for (const m of hit.recalled) {
      const v = vertices.get(m.id) ?? { id: m.id, score: 0, via: [] };
      v.score = Math.max(v.score, hit.score);
      v.via.push(hit.hyperedge.id);
      vertices.set(m.id, v);
    }
  }
  const result = { hyperedges: kept, vertices: [...vertices.values()].sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1)) };
  ctx.tracer.emit("hyperedge-recall", {
    active: active.size, candidates: via.size, minActive: o.minActive, minFraction: o.minFraction,
    hyperedges: kept.map((h) => ({ id: h.hyperedge.id, score: h.score, activatedBy: h.activatedBy })),
    recalled: result.vertices.map((v) => v.id),
  });
  return result;
}

/** hyperedge id → the given vertices that are its members (valid member edges only). */
async function incident(ctx: StructureContext, vertexIds: readonly string[], now: number): Promise<Map<string, Set<string>>> {
  const via = new Map<string, Set<string>>();
  if (vertexIds.length === 0) return via;
  const rows = await ctx.stores.graph.neighbors({ ns: ctx.ns, ids: vertexIds, direction: "in", edgeKinds: [MEMBER_EDGE], view: { validAt: now } });
  for (const r of rows) {
    const set = via.get(r.neighbor) ?? new Set<string>();
    set.add(r.node);
    via.set(r.neighbor, set);
  }
  return via;
}
