/**
 * The pipelines the LoCoMo benchmark compares, as data. Each ends by keeping the 25 best visible
 * episodes (the benchmark scores turns), so recall@5/10/25 read from one ranking.
 */
import { DEFAULT_PIPELINE, type StepSpec } from "@hippograph/memory";

const turns: StepSpec = { op: "filter", kinds: ["episode"], k: 25 };

/** The default pipeline, scored on turns: its filter keeps episodes. */
export function asTurnPipeline(steps: readonly StepSpec[]): StepSpec[] {
  return steps.map((s) => (s.op === "filter" ? { ...s, kinds: ["episode"], k: Math.max(25, s.k ?? 0) } : { ...s }));
}

const graph = asTurnPipeline(DEFAULT_PIPELINE);

function without(steps: readonly StepSpec[], op: StepSpec["op"]): StepSpec[] {
  const name = steps.find((s) => s.op === op)?.name ?? op;
  return steps.filter((s) => s.op !== op).map((s) => {
    if (s.op !== "spread" && s.op !== "ppr") return s;
    const { seedWeights, ...rest } = s;
    const kept = Object.fromEntries(Object.entries(seedWeights ?? {}).filter(([k]) => k !== name));
    return { ...rest, ...(s.from ? { from: s.from.filter((f) => f !== name) } : {}), seedWeights: kept };
  });
}

/** The default plus the entity channel, seeding the graph step at weight 0.2. */
function withEntities(steps: readonly StepSpec[]): StepSpec[] {
  const at = steps.findIndex((s) => s.op === "spread" || s.op === "ppr");
  return [...steps.slice(0, at), { op: "entities", k: 10 }, ...steps.slice(at).map((s) => (s.op === "spread" ? { ...s, seedWeights: { ...s.seedWeights, entities: 0.2 } } : s))];
}

function edgeWeights(steps: readonly StepSpec[], change: (w: Record<string, number>) => Record<string, number>): StepSpec[] {
  return steps.map((s) => (s.op === "spread" || s.op === "ppr" ? { ...s, edgeWeights: change({ ...(s.edgeWeights ?? {}) }) } : s));
}

/** Spreading switched off: the same seeds, fused by the same weights, with no graph step. */
function noGraph(steps: readonly StepSpec[]): StepSpec[] {
  const spread = steps.find((s) => s.op === "spread");
  const weights = spread && spread.op === "spread" ? spread.seedWeights : undefined;
  return steps.map((s) => (s.op === "spread" ? { op: "fuse", name: "spread", method: "weighted", ...(weights ? { weights } : {}) } : s));
}

export function benchmarkPipelines(defaultSteps: readonly StepSpec[] = graph): Record<string, StepSpec[]> {
  const g = [...defaultSteps];
  const spread = g.find((s) => s.op === "spread");
  const ppr: StepSpec[] = g.map((s) => (s.op === "spread" ? { op: "ppr", damping: 0.5, ...(s.seedWeights ? { seedWeights: s.seedWeights } : {}), ...(s.edgeWeights ? { edgeWeights: s.edgeWeights } : {}) } : s));
  return {
    bm25: [{ op: "bm25", k: 100 }, turns],
    vector: [{ op: "vector", k: 100 }, turns],
    hybrid: [{ op: "bm25", k: 100 }, { op: "vector", k: 100 }, { op: "fuse", method: "rrf" }, turns],
    graph: g,
    "graph-ppr": ppr,
    "graph-no-spread": noGraph(g),
    "graph-plus-entities": withEntities(g),
    "graph-no-time": without(g, "time"),
    "graph-no-next": edgeWeights(g, (w) => ({ ...w, next: 0 })),
    "graph-only-next": spread ? edgeWeights(g, (w) => Object.fromEntries(Object.keys(w).map((k) => [k, k === "next" ? w[k]! : 0]))) : g,
    "graph-no-speaker": without(g, "speaker"),
    "graph-no-notes": edgeWeights(g, (w) => ({ ...w, derived_from: 0, link: 0 })),
    // Three hops reach a related turn of another session through A-MEM notes (turn → note → linked note → turn).
    "graph-3hops": g.map((s) => (s.op === "spread" ? { ...s, hops: 3 } : s)),
  };
}
