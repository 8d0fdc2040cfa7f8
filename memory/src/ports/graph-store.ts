import type { EdgeWrite, MemoryEdge } from "../model/edge.js";
import type { Change, MemoryNode, NodeWrite } from "../model/node.js";
import type { TimeView } from "../model/time.js";
import type { NodeVersion } from "../model/version.js";
import type { TraversalGraph } from "./traversal.js";

/**
 * The graph half of memory. Every method is async and batched, and every one is scoped to one
 * namespace, so a network backend (Neo4j: one UNWIND query per call) fits without change.
 * Contract details are pinned down by test/conformance, which every backend must pass.
 */
export interface GraphStore {
  /** Upserts nodes then edges in ONE atomic transaction: all of it is visible afterwards, or none. */
  write(batch: GraphWrite): Promise<void>;
  /** By id, in the order asked; missing ids are skipped. With `view.knownAt`, each node as we knew it then. */
  getNodes(query: { ns: string; ids: readonly string[]; view?: TimeView }): Promise<MemoryNode[]>;
  getEdges(query: { ns: string; ids: readonly string[] }): Promise<MemoryEdge[]>;
  /** The neighbours of a whole frontier in one call (one query per hop, never one per node). */
  neighbors(query: NeighborQuery): Promise<Neighbor[]>;
  /** Keyset-paginated scan: pass the last id of a page as `after` to get the next. */
  findNodes(filter: NodeFilter): Promise<MemoryNode[]>;
  findEdges(filter: EdgeFilter): Promise<MemoryEdge[]>;
  /** Closes validity windows; never deletes. Returns how many records changed. */
  invalidate(request: InvalidateRequest): Promise<number>;
  /** Physically removes everything that came from a source, including its versions in history. */
  eraseBySource(request: { ns: string; sourceId: string; change: Change }): Promise<EraseReport>;
  history(query: { ns: string; id: string }): Promise<NodeVersion[]>;
  stats(query?: { ns?: string }): Promise<GraphStats>;
  listNamespaces(): Promise<string[]>;
  /**
   * Optional: a synchronous in-memory view of one namespace for graph operators (spreading
   * activation, PPR). Backends without one are traversed through `neighbors`, one call per hop.
   */
  traversal?(query: { ns: string; view?: TimeView }): TraversalGraph;
  close(): Promise<void>;
}

export interface GraphWrite {
  nodes?: readonly NodeWrite[];
  edges?: readonly EdgeWrite[];
  /**
   * System time of this write (epoch ms), stamped on new edges as `recordedAt`. Default: the store's
   * clock. The facade passes its own clock, so a memory with an injected clock (a replay, a test)
   * records its edges and nodes at the same time and a view "as known now" sees both.
   */
  recordedAt?: number;
}

export type Direction = "out" | "in" | "both";

export interface NeighborQuery {
  ns: string;
  ids: readonly string[];
  direction: Direction;
  edgeKinds?: readonly string[];
  /** Only edges visible from this point of view (validity and knowledge windows). */
  view?: TimeView;
  /** Cap per frontier node, strongest edges first; bounds work on hubs. */
  limitPerNode?: number;
}

/** One adjacency row: `node` is the frontier id asked about, `neighbor` the node across `edge`. */
export interface Neighbor {
  node: string;
  neighbor: string;
  edge: string;
  kind: string;
  weight: number;
  direction: "out" | "in";
}

export interface NodeFilter {
  ns: string;
  kinds?: readonly string[];
  sourceId?: string;
  /** Equality on top-level attributes (strings, numbers, booleans). */
  attrs?: Readonly<Record<string, string | number | boolean>>;
  view?: TimeView;
  /**
   * Event time (`time.at`) in the half-open window [from, to): `from` inclusive, `to` exclusive;
   * an omitted bound is open. Nodes without an event time never match.
   */
  atRange?: { from?: number; to?: number };
  /** "id": ascending id, resumable with `after`. "latest": newest event time first. */
  order?: "id" | "latest";
  after?: string;
  limit: number;
}

export interface EdgeFilter {
  ns: string;
  kinds?: readonly string[];
  /** Edges touching this node, in either direction. */
  nodeId?: string;
  sourceId?: string;
  view?: TimeView;
  after?: string;
  limit: number;
}

export interface InvalidateRequest {
  ns: string;
  nodeIds?: readonly string[];
  edgeIds?: readonly string[];
  /** World time the facts stopped holding (sets validTo). */
  validTo?: number;
  /** System time we stopped believing the records (sets expiredAt): a retraction. */
  expiredAt?: number;
  change: Change;
}

export interface EraseReport {
  nodeIds: string[];
  edges: number;
  versions: number;
  /** Nodes from other sources whose latest version came from the erased source, rolled back to their last clean version. */
  restored: string[];
}

export interface GraphStats {
  nodes: Record<string, number>;
  edges: Record<string, number>;
  namespaces: number;
}
