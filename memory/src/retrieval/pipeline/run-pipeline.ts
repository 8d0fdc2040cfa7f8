import { ValidationError } from "../../errors.js";
import type { MemoryNode } from "../../model/node.js";
import { visibleIn } from "../../model/time.js";
import type { Tracer } from "../../trace/tracer.js";
import { fuseLists } from "../fuse/fuse-lists.js";
import { runPpr, runSpread, type GraphStepOutput } from "../graph/graph-steps.js";
import { packContext, type PackedContext } from "../pack/pack-context.js";
import { applyRecency } from "../recency/apply-recency.js";
import type { RetrievalContext } from "../retrieval-context.js";
import { applySpeaker } from "../speaker/apply-speaker.js";
import type { RetrievedItem, ScoredItem, ScoredList } from "../scored.js";

export type { RetrievedItem } from "../scored.js";
import { bm25Seeds } from "../seeds/bm25-seeds.js";
import { entitySeeds } from "../seeds/entity-seeds.js";
import { timeSeeds } from "../seeds/time-seeds.js";
import { vectorSeeds } from "../seeds/vector-seeds.js";
import type { ResolvedPipeline, ResolvedStep } from "./validate-pipeline.js";

/** Rescores the best items of a list, e.g. with a cross-encoder behind the model gateway; one score per item, higher is better. */
export type Reranker = (query: string, items: readonly RetrievedItem[]) => Promise<readonly number[]> | readonly number[];

/** What one operator did, for the studio and for tests: inputs, output, timing, and its own data. */
export interface OperatorTrace {
  step: string;
  op: string;
  from: string[];
  ms: number;
  count: number;
  top: { id: string; score: number }[];
  data?: Record<string, unknown>;
}

export interface RetrievalResult {
  /** The pipeline's ranked output (before packing), resolved to nodes visible in the view. */
  items: RetrievedItem[];
  /** Present when the pipeline ends with `pack`. */
  context?: PackedContext;
  trace: OperatorTrace[];
}

const TRACE_TOP = 10;

/**
 * Runs a validated pipeline step by step. Every step's output is kept by name for the steps that
 * read it, and reported as an `operator-end` trace event. Node records are read once per id, when
 * a step first needs them (filter, rerank, pack, the final result).
 */
export async function runPipeline(
  pipeline: ResolvedPipeline, ctx: RetrievalContext,
  runtime: { tracer?: Tracer; rerankers?: Readonly<Record<string, Reranker>> } = {},
): Promise<RetrievalResult> {
  const outputs = new Map<string, ScoredList>();
  const nodes = new NodeCache(ctx);
  const trace: OperatorTrace[] = [];
  let context: PackedContext | undefined;
  let last: ScoredList = { name: "", items: [] };
  for (const [index, step] of pipeline.steps.entries()) {
    ctx.signal?.throwIfAborted();
    const started = performance.now();
    const inputs = step.from.map((name) => outputs.get(name)!);
    let data: Record<string, unknown> | undefined;
    let items: ScoredItem[];
    if (step.op === "pack") {
      const resolved = await nodes.resolve(inputs[0]!.items);
      context = packContext(resolved, step);
      items = context.items.map((x) => ({ id: x.id, score: x.score, evidence: {} }));
      data = { tokens: context.tokens, dropped: context.dropped.length };
    } else {
      const out = await runStep(step, index, ctx, inputs, nodes, runtime.rerankers ?? {});
      items = out.items;
      data = out.data;
      last = { name: step.name, items };
    }
    outputs.set(step.name, { name: step.name, items });
    const entry: OperatorTrace = {
      step: step.name, op: step.op, from: step.from, ms: performance.now() - started, count: items.length,
      top: items.slice(0, TRACE_TOP).map((x) => ({ id: x.id, score: x.score })), ...(data ? { data } : {}),
    };
    trace.push(entry);
    runtime.tracer?.emit("operator-end", { ...entry });
  }
  return { items: await nodes.resolve(last.items), ...(context ? { context } : {}), trace };
}

async function runStep(
  step: ResolvedStep, index: number, ctx: RetrievalContext, inputs: readonly ScoredList[], nodes: NodeCache,
  rerankers: Readonly<Record<string, Reranker>>,
): Promise<{ items: ScoredItem[]; data?: Record<string, unknown> }> {
  switch (step.op) {
    case "bm25":
      return { items: tag(step.name, await bm25Seeds(ctx, step)) };
    case "vector":
      return { items: tag(step.name, await vectorSeeds(ctx, step)) };
    case "entities":
      return { items: tag(step.name, await entitySeeds(ctx, step)) };
    case "time":
      return { items: tag(step.name, await timeSeeds(ctx, step)) };
    case "spread": {
      const { op: _op, name: _n, from: _f, ...options } = step;
      return graphOutput(step.name, await runSpread(ctx, inputs, options));
    }
    case "ppr": {
      const { op: _op, name: _n, from: _f, ...options } = step;
      return graphOutput(step.name, await runPpr(ctx, inputs, options));
    }
    case "fuse":
      return { items: fuseLists(inputs, step) };
    case "filter": {
      const kinds = step.kinds ? new Set(step.kinds) : undefined;
      const kept: ScoredItem[] = [];
      for (const item of await nodes.resolve(inputs[0]!.items, step.k, kinds)) kept.push(withoutNode(item));
      return { items: kept };
    }
    case "rerank": {
      const rerank = rerankers[step.using];
      if (!rerank) throw new ValidationError([{ path: `steps[${index}].using`, message: `no reranker named "${step.using}" (registered: ${Object.keys(rerankers).join(", ") || "none"})` }], "pipeline");
      return { items: await rerankTop(ctx.query, rerank, await nodes.resolve(inputs[0]!.items.slice(0, step.k)), inputs[0]!.items.slice(step.k)) };
    }
    case "recency":
      return { items: applyRecency(await nodes.resolve(inputs[0]!.items.slice(0, step.k)), ctx.now, step) };
    case "speaker": {
      const head = inputs[0]!.items.slice(0, step.k);
      const read = new Map((await nodes.resolve(head)).map((x) => [x.id, x.node]));
      const out = applySpeaker(ctx.query, head, (id) => read.get(id), step);
      // A boost only raises scores, so the unread tail stays below the head.
      return { items: [...out.items, ...inputs[0]!.items.slice(step.k)], data: { named: out.named } };
    }
    case "pack":
      throw new Error("unreachable: pack is handled by the runner");
  }
}

function tag(name: string, items: ScoredItem[]): ScoredItem[] {
  return items.map((x, i) => ({ ...x, evidence: { ...x.evidence, [name]: { rank: i + 1, score: x.score } } }));
}

function graphOutput(name: string, out: GraphStepOutput): { items: ScoredItem[]; data: Record<string, unknown> } {
  return { items: tag(name, out.items), data: out.data };
}

async function rerankTop(query: string, rerank: Reranker, head: RetrievedItem[], tail: readonly ScoredItem[]): Promise<ScoredItem[]> {
  const scores = await rerank(query, head);
  if (scores.length !== head.length || scores.some((s) => typeof s !== "number" || Number.isNaN(s))) {
    throw new ValidationError([{ path: "rerank", message: `a reranker must return one number per item: got ${scores.length} for ${head.length} items` }], "reranker");
  }
  const reranked = head.map((x, i) => ({ ...withoutNode(x), score: scores[i]!, evidence: { ...x.evidence, rerank: { rank: 0, score: scores[i]! } } }));
  reranked.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).forEach((x, i) => (x.evidence.rerank!.rank = i + 1));
  // Items past the reranked head keep their order below it: a rerank score and a fused score do not compare.
  const floor = Math.min(0, ...reranked.map((x) => x.score));
  return [...reranked, ...tail.map((x, i) => ({ ...x, score: floor - 1 - i }))];
}

function withoutNode(item: RetrievedItem): ScoredItem {
  const { node: _node, ...rest } = item;
  return rest;
}

/** Node records by id, read once, with the view applied: a missing or invisible node is dropped. */
class NodeCache {
  private readonly known = new Map<string, MemoryNode | null>();

  constructor(private readonly ctx: RetrievalContext) {}

  /**
   * The first `k` items whose nodes exist, are visible and are of `kinds`. Nodes are read in chunks,
   * only as far down the list as needed: reading every candidate of a long activation list costs
   * more than the whole rest of a query.
   */
  async resolve(items: readonly ScoredItem[], k = Number.POSITIVE_INFINITY, kinds?: ReadonlySet<string>): Promise<RetrievedItem[]> {
    const out: RetrievedItem[] = [];
    const chunk = Number.isFinite(k) ? Math.max(32, 2 * k) : items.length;
    for (let start = 0; start < items.length && out.length < k; start += chunk) {
      const slice = items.slice(start, start + chunk);
      await this.load(slice.map((x) => x.id));
      for (const item of slice) {
        const node = this.known.get(item.id);
        if (!node || (kinds && !kinds.has(node.kind))) continue;
        out.push({ ...item, node });
        if (out.length >= k) break;
      }
    }
    return out;
  }

  private async load(ids: readonly string[]): Promise<void> {
    const missing = ids.filter((id) => !this.known.has(id));
    if (missing.length === 0) return;
    const { knownAt } = this.ctx.view;
    // A past knownAt reads each node as it was then; otherwise the current state is what we filter.
    const past = knownAt !== undefined && knownAt < this.ctx.now ? { knownAt } : undefined;
    const found = await this.ctx.stores.graph.getNodes({ ns: this.ctx.ns, ids: missing, ...(past ? { view: past } : {}) });
    for (const id of missing) this.known.set(id, null);
    for (const n of found) this.known.set(n.id, visibleIn(n.time, this.ctx.view) ? n : null);
  }
}
