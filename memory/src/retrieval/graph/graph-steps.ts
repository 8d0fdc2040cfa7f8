import { forwardPush } from "../activation/forward-push.js";
import type { Seed } from "../activation/seeds.js";
import type { ActivatedNode } from "../activation/ranked.js";
import { spreadActivation } from "../activation/spreading-activation.js";
import { traversalOf } from "../activation/traversal-of.js";
import { fuseLists } from "../fuse/fuse-lists.js";
import type { TraversalGraph } from "../../ports/traversal.js";
import type { RetrievalContext } from "../retrieval-context.js";
import type { ScoredItem, ScoredList } from "../scored.js";

type Weights = Record<string, number> | undefined;

export interface GraphStepOutput {
  items: ScoredItem[];
  /** For the trace: the operator's statistics and its activation map (id → score, strongest first). */
  data: Record<string, unknown>;
}

const ACTIVATION_MAP_SIZE = 200;

export function runSpread(ctx: RetrievalContext, inputs: readonly ScoredList[], o: Parameters<typeof spreadActivation>[2] & { seedWeights?: Weights }): Promise<GraphStepOutput> {
  const { seedWeights, ...options } = o;
  return runGraphStep(ctx, inputs, seedWeights, options.edgeWeights, (graph, seeds) => spreadActivation(graph, seeds, options));
}

export function runPpr(ctx: RetrievalContext, inputs: readonly ScoredList[], o: Parameters<typeof forwardPush>[2] & { seedWeights?: Weights }): Promise<GraphStepOutput> {
  const { seedWeights, ...options } = o;
  return runGraphStep(ctx, inputs, seedWeights, options.edgeWeights, (graph, seeds) => forwardPush(graph, seeds, options));
}

/**
 * Seeds are the inputs fused by weight — each list scaled so its best item has 1, times its
 * `seedWeights` entry, summed per node — so BM25's unbounded scores and a cosine in [0, 1] start on one
 * scale and a node two channels agree on starts higher. The same fusion carries the seed channels'
 * evidence onto the activated nodes, so a hit says both who found it and how activation reached it.
 */
async function runGraphStep(
  ctx: RetrievalContext, inputs: readonly ScoredList[], seedWeights: Weights, edgeWeights: Record<string, number>,
  operator: (graph: TraversalGraph, seeds: Seed[]) => Promise<{ items: ActivatedNode[]; stats: object }>,
): Promise<GraphStepOutput> {
  const fused = fuseLists(inputs, { method: "weighted", ...(seedWeights ? { weights: seedWeights } : {}), limit: Number.MAX_SAFE_INTEGER });
  const evidence = new Map(fused.map((x) => [x.id, x.evidence]));
  const graph = traversalOf(ctx.stores.graph, { ns: ctx.ns, view: ctx.view, edgeKinds: traversed(edgeWeights) });
  const result = await operator(graph, fused.map((x) => ({ id: x.id, activation: x.score })));
  const items = result.items.map((n) => ({ ...toItem(n), evidence: { ...evidence.get(n.id) } }));
  return { items, data: { stats: result.stats, activation: activationMap(result.items) } };
}

function toItem(n: ActivatedNode): ScoredItem {
  return { id: n.id, score: n.activation, evidence: {}, explanation: n.explanation };
}

function traversed(weights: Record<string, number>): string[] {
  return Object.keys(weights).filter((k) => weights[k]! > 0);
}

function activationMap(items: readonly ActivatedNode[]): Record<string, number> {
  return Object.fromEntries(items.slice(0, ACTIVATION_MAP_SIZE).map((n) => [n.id, n.activation]));
}
