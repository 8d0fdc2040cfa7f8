import { forwardPush } from "../activation/forward-push.js";
import type { Seed } from "../activation/seeds.js";
import type { ActivatedNode } from "../activation/ranked.js";
import { spreadActivation } from "../activation/spreading-activation.js";
import { traversalOf } from "../activation/traversal-of.js";
import type { TraversalGraph } from "../../ports/traversal.js";
import type { RetrievalContext } from "../retrieval-context.js";
import type { ScoredItem, ScoredList } from "../scored.js";

type Weights = Record<string, number> | undefined;

/**
 * Seeds for a graph operator from its input lists: each list scaled so its best item has 1, times
 * the list's weight, summed per node — so BM25's unbounded scores and a cosine in [0, 1] start on
 * one scale, and a node two channels agree on starts higher.
 */
export function seedsFrom(lists: readonly ScoredList[], weights: Weights): Seed[] {
  const seeds: Seed[] = [];
  for (const list of lists) {
    const top = list.items[0]?.score ?? 0;
    const w = weights?.[list.name] ?? 1;
    if (top <= 0 || w === 0) continue;
    for (const item of list.items) if (item.score > 0) seeds.push({ id: item.id, activation: (w * item.score) / top });
  }
  return seeds;
}

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

/** Seeds from the inputs, the store's traversal for the traversed kinds, the operator, and its output as a step's. */
async function runGraphStep(
  ctx: RetrievalContext, inputs: readonly ScoredList[], seedWeights: Weights, edgeWeights: Record<string, number>,
  operator: (graph: TraversalGraph, seeds: Seed[]) => Promise<{ items: ActivatedNode[]; stats: object }>,
): Promise<GraphStepOutput> {
  const graph = traversalOf(ctx.stores.graph, { ns: ctx.ns, view: ctx.view, edgeKinds: traversed(edgeWeights) });
  const result = await operator(graph, seedsFrom(inputs, seedWeights));
  return { items: withSeedEvidence(result.items.map(toItem), inputs), data: { stats: result.stats, activation: activationMap(result.items) } };
}

/** A node a seed channel found keeps that channel's evidence, so a hit says both who found it and how it spread. */
function withSeedEvidence(items: ScoredItem[], inputs: readonly ScoredList[]): ScoredItem[] {
  const found = new Map<string, ScoredItem["evidence"]>();
  for (const list of inputs) {
    for (const x of list.items) {
      const e = found.get(x.id) ?? {};
      Object.assign(e, x.evidence);
      found.set(x.id, e);
    }
  }
  for (const item of items) Object.assign(item.evidence, found.get(item.id));
  return items;
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
