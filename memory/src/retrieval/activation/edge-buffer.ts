import { foldedWeight, type CompiledEdges, type EdgeBlock, type TraversalGraph } from "../../ports/traversal.js";
import { AGAINST, ALONG, type KindTable } from "./kind-table.js";

/**
 * The traversable edges of one node, gathered into reusable typed buffers: an operator must know a
 * node's fan (how many edges share its activation) before it can pass anything along them, so it
 * collects once and then distributes from the compact buffer instead of walking the graph twice.
 * `locate` serves both operators: it reads what the graph has compiled in place and buffers only
 * the rest. One shared instance is safe because collecting and distributing happen synchronously.
 */
export class EdgeBuffer implements EdgeBlock {
  others = new Int32Array(256);
  kinds = new Int32Array(256);
  /** kind weight × edge weight clamped to [0, 1]; 0 for a traversable edge of weight 0 (it still counts in the fan). */
  weights = new Float64Array(256);
  /** Per kind code: how many edges have that kind (for a per-kind fan; filled by `countKinds`). */
  kindCounts = new Int32Array(64);
  private count = 0;
  private table: KindTable = { weight: new Float64Array(0), mask: new Uint8Array(0), names: [] };

  private readonly visit = (other: number, kind: number, weight: number, out: boolean): void => {
    const table = this.table;
    if (kind >= table.mask.length || (table.mask[kind]! & (out ? ALONG : AGAINST)) === 0) return;
    if (this.count === this.others.length) this.grow();
    const i = this.count++;
    this.others[i] = other;
    this.kinds[i] = kind;
    this.weights[i] = foldedWeight(table.weight[kind]!, weight);
  };

  /** After `locate`: the node's edges read in place, [start, end) of the compiled arrays (empty where it was collected). */
  start = 0;
  end = 0;

  /**
   * Where `node`'s traversable edges are: [start, end) of `compiled`'s arrays where they serve it
   * (no call at all for a node ready for the view), then the first n of this buffer (its
   * time-bounded edges the view admits, or all its edges, collected); returns n.
   */
  locate(graph: TraversalGraph, compiled: CompiledEdges | undefined, node: number, table: KindTable): number {
    if (compiled !== undefined && (compiled.readyFrom[node]! <= compiled.viewTime || compiled.prepare(node))) {
      this.start = compiled.bounds[2 * node]!;
      this.end = compiled.bounds[2 * node + 1]!;
      return compiled.readyFrom[node]! <= compiled.viewTime ? 0 : compiled.timed(node, this);
    }
    this.start = this.end = 0;
    return this.collect(graph, node, table);
  }

  /** Collects `node`'s traversable edges; returns how many (valid until the next call). */
  collect(graph: TraversalGraph, node: number, table: KindTable): number {
    this.table = table;
    this.count = 0;
    if (graph.collectEdges !== undefined) this.fromBlock(graph.collectEdges(node, table.mask, this), table.weight);
    else graph.forEachEdge(node, this.visit);
    return this.count;
  }

  reserve(n: number): void {
    while (this.others.length < n) this.grow();
  }

  /** After a bulk `collectEdges`: raw edge weights become kind weight × clamped edge weight. */
  private fromBlock(n: number, kindWeight: Float64Array): void {
    this.count = n;
    const weights = this.weights;
    const kinds = this.kinds;
    for (let i = 0; i < n; i++) weights[i] = foldedWeight(kindWeight[kinds[i]!]!, weights[i]!);
  }

  /**
   * Fills `kindCounts` for the first `n` buffered edges, plus, when given, the edges
   * [start, end) of another `kinds` array (a node's compiled edges beside its buffered timed ones).
   */
  countKinds(size: number, n: number, more?: Int32Array, start = 0, end = 0): void {
    if (this.kindCounts.length < size) this.kindCounts = new Int32Array(size);
    const counts = this.kindCounts;
    counts.fill(0, 0, size);
    const kinds = this.kinds;
    for (let i = 0; i < n; i++) counts[kinds[i]!]!++;
    if (more !== undefined) for (let i = start; i < end; i++) counts[more[i]!]!++;
  }

  private grow(): void {
    const size = this.others.length * 2;
    const others = new Int32Array(size);
    const kinds = new Int32Array(size);
    const weights = new Float64Array(size);
    others.set(this.others);
    kinds.set(this.kinds);
    weights.set(this.weights);
    this.others = others;
    this.kinds = kinds;
    this.weights = weights;
  }
}

export const sharedEdgeBuffer = new EdgeBuffer();
