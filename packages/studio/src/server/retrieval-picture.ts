import { visibleIn, type GraphStore, type MemoryNode, type OperatorTrace, type RetrievalResult, type TimeView } from "@hippograph/memory";
import type { WireRetrieval, WireRole, WireStep } from "../wire/wire.js";
import { wireNeighbor, wireNode } from "./to-wire.js";

export interface PictureOptions {
  /** Ranked items drawn, best first. */
  ranked: number;
  /** Nodes drawn in all: the ranked items and their paths first, then the most activated others. */
  maxNodes: number;
}

/** Seed channels: a node in one of their lists started activation itself. */
const SEED_OPS = new Set(["bm25", "vector", "entities", "time"]);
const GRAPH_OPS = new Set(["spread", "ppr"]);
/** Edges read per drawn node; hubs (a person mentioned in every turn) would otherwise read thousands. */
const EDGES_PER_NODE = 200;

/**
 * What a retrieval touched, as a small graph a person can read: the ranked items, the nodes on the
 * strongest paths that reached them, and the nodes the graph operators activated most, with the
 * edges among them. Each node carries its role (rank, activation, seed, path).
 */
export async function retrievalPicture(
  graph: GraphStore, query: { text: string; ns: string; view: Required<TimeView>; now: number }, result: RetrievalResult, o: PictureOptions,
): Promise<WireRetrieval> {
  const roles = new Map<string, WireRole>();
  const role = (id: string): WireRole => {
    let r = roles.get(id);
    if (!r) roles.set(id, (r = { rank: null, score: null, activation: null, seed: false, evidence: {}, path: [] }));
    return r;
  };
  const wanted: string[] = [];
  const want = (id: string) => {
    if (!roles.has(id)) wanted.push(id);
    return role(id);
  };
  for (const [i, item] of result.items.slice(0, o.ranked).entries()) {
    const r = want(item.id);
    r.rank = i + 1;
    r.score = item.score;
    r.evidence = item.evidence;
    if (item.explanation) {
      r.path = [{ id: item.explanation.seed, via: "seed" }, ...item.explanation.path];
      for (const step of r.path) want(step.id);
      role(item.explanation.seed).seed = true;
    }
  }
  const activated = new Set<string>();
  for (const step of result.trace) {
    for (const [id, activation] of activationOf(step)) {
      activated.add(id);
      const r = wanted.length < o.maxNodes || roles.has(id) ? want(id) : undefined;
      if (r) r.activation = Math.max(r.activation ?? 0, activation);
    }
  }
  // A seed channel's best items started the graph steps' activation; with no graph step there are no seeds.
  if (result.trace.some((s) => GRAPH_OPS.has(s.op))) {
    for (const step of result.trace) if (SEED_OPS.has(step.op)) for (const t of step.top) if (roles.has(t.id)) role(t.id).seed = true;
  }
  const drawn = wanted.slice(0, o.maxNodes);
  const nodes = await nodesIn(graph, query.ns, drawn, query.view, query.now);
  const present = new Set(nodes.map((n) => n.id));
  const rows = present.size === 0 ? [] : await graph.neighbors({
    ns: query.ns, ids: [...present], direction: "out", limitPerNode: EDGES_PER_NODE, view: query.view,
  });
  const edges = rows.filter((r) => present.has(r.neighbor)).map(wireNeighbor);
  return {
    query: query.text,
    ns: query.ns,
    steps: result.trace.map(wireStep),
    ranking: result.items.map((x) => x.id),
    nodes: nodes.map(wireNode),
    edges,
    roles: Object.fromEntries([...roles].filter(([id]) => present.has(id))),
    omitted: [...activated].filter((id) => !present.has(id)).length,
    context: result.context ? { text: result.context.text, tokens: result.context.tokens } : null,
    view: { validAt: new Date(query.view.validAt).toISOString(), knownAt: new Date(query.view.knownAt).toISOString() },
  };
}

/**
 * Nodes visible in a view. As the pipeline's node cache does: a past `knownAt` reads each node as it was
 * then (one history lookup per node), otherwise the current records are read in one batch and filtered.
 */
export async function nodesIn(graph: GraphStore, ns: string, ids: readonly string[], view: Required<TimeView>, now: number): Promise<MemoryNode[]> {
  const past = view.knownAt < now ? { knownAt: view.knownAt } : undefined;
  const found = await graph.getNodes({ ns, ids, ...(past ? { view: past } : {}) });
  return found.filter((n) => visibleIn(n.time, view));
}

/** A graph step's activation map (id → activation, strongest first), as its trace carries it. */
function activationOf(step: OperatorTrace): [string, number][] {
  const map = step.data?.["activation"];
  if (typeof map !== "object" || map === null) return [];
  return Object.entries(map as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === "number");
}

/** A step's trace without its activation map (the roles carry it); a graph step's statistics, or the rest of its data. */
function wireStep({ data, ...trace }: OperatorTrace): WireStep {
  if (!data) return { ...trace, stats: null };
  const { activation: _map, ...rest } = data;
  return { ...trace, stats: (rest["stats"] as Record<string, unknown> | undefined) ?? rest };
}
