/**
 * The studio's HTTP API as a Hono app over one open Memory. No route writes: a debugger that could
 * would turn a look at production memory into a risk. Every request names its namespace.
 */
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HippographError, NotFoundError, ValidationError, parseInput, DEFAULT_PIPELINE, type Memory, type PipelineSpec, type TimeView } from "@hippograph/memory";
import type { WireAgentGraph, WireAgentRun, WireError, WireNeighbourhood } from "../wire/wire.js";
import { clientBundle } from "./client-bundle.js";
import { LOOPBACK_HOSTS, sameSiteOnly } from "./guard.js";
import { page } from "./page.js";
import { namespaceRequestSchema, nodeRequestSchema, retrieveRequestSchema } from "./requests.js";
import { nodesIn, retrievalPicture } from "./retrieval-picture.js";
import { wireNeighbor, wireNode } from "./to-wire.js";

export interface StudioAppOptions {
  /** The namespace the page opens on. Default: the memory's. */
  ns?: string;
  /** Only these namespaces can be listed or read; the others answer as if absent. Default: every namespace in the memory. */
  namespaces?: readonly string[];
  /** Agent workflow graphs to show beside the memory (the CLI's `--graph` specs). */
  agentGraphs?: readonly WireAgentGraph[];
  /** Recorded runs of those graphs (the CLI's `--run` traces). */
  agentRuns?: readonly WireAgentRun[];
  /** Host names the studio answers to (see guard.ts); "any" for a studio bound wider, behind a proxy (Origin and POST checks stay). Default: loopback names. */
  hosts?: readonly string[] | "any";
}

/** Request bodies past this are refused while they are read: a pipeline is a few hundred bytes. */
const MAX_BODY_BYTES = 256 * 1024;

export function studioApp(memory: Memory, options: StudioAppOptions = {}): Hono {
  const app = new Hono();
  const defaultNs = options.ns ?? options.namespaces?.[0] ?? memory.namespace;
  const readable = options.namespaces && new Set(options.namespaces);
  /** A namespace outside the allowed ones is answered 404, as if absent, whether or not it exists. */
  const scoped = (ns: string): string => {
    if (readable && !readable.has(ns)) throw new NotFoundError(`no namespace ${JSON.stringify(ns)} here`);
    return ns;
  };
  /** The point of view of one request: what it names, the memory's now for what it does not. */
  const viewOf = (v: TimeView | undefined, now: number): Required<TimeView> => ({ validAt: v?.validAt ?? now, knownAt: v?.knownAt ?? now });

  app.use("*", sameSiteOnly(options.hosts ?? LOOPBACK_HOSTS));
  app.use("/api/*", bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => { throw new ValidationError([{ path: "(body)", message: `the request body is over ${MAX_BODY_BYTES} bytes` }], "request"); } }));

  app.get("/", (c) => c.html(page(defaultNs)));
  app.get("/favicon.ico", (c) => c.body(null, 204));
  app.get("/studio.js", async (c) => c.body(await clientBundle(), 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" }));

  app.get("/api/namespaces", async (c) => {
    const all = await memory.namespaces();
    return c.json({ namespaces: readable ? all.filter((ns) => readable.has(ns)) : all, default: defaultNs });
  });
  app.get("/api/pipeline", (c) => c.json({ steps: DEFAULT_PIPELINE }));
  app.get("/api/agent-graphs", (c) => c.json({ graphs: options.agentGraphs ?? [], runs: options.agentRuns ?? [] }));
  app.get("/api/stats", async (c) => {
    const { ns } = parseInput(namespaceRequestSchema, c.req.query(), "stats");
    return c.json(await memory.stats({ ns: scoped(ns) }));
  });

  app.post("/api/retrieve", async (c) => {
    const body = parseInput(retrieveRequestSchema, await jsonBody(c), "retrieve");
    const ns = scoped(body.ns);
    // The picture is read from the retrieval's point of view, so it shows no node or edge that was not valid and known then.
    // The retrieval gets only the times the request names and fills in its own now, so it runs as a plain retrieve does.
    const now = memory.now();
    const result = await memory.retrieve(body.query, { ns, ...(body.view ? { view: body.view } : {}), ...(body.pipeline === undefined ? {} : { pipeline: body.pipeline as PipelineSpec }) });
    return c.json(await retrievalPicture(memory.stores.graph, { text: body.query, ns, view: viewOf(body.view, now), now }, result, { ranked: body.ranked, maxNodes: body.maxNodes }));
  });

  app.get("/api/node", async (c) => {
    const q = parseInput(nodeRequestSchema, c.req.query(), "node");
    const ns = scoped(q.ns);
    const now = memory.now();
    const view = viewOf({ ...(q.validAt === undefined ? {} : { validAt: q.validAt }), ...(q.knownAt === undefined ? {} : { knownAt: q.knownAt }) }, now);
    const graph = memory.stores.graph;
    const [node] = await nodesIn(graph, ns, [q.id], view, now);
    if (!node) throw new NotFoundError(`no node ${JSON.stringify(q.id)} in namespace ${JSON.stringify(ns)} at that time`);
    // The store sorts by weight only when it has to cut; ask for one more than shown and sort, so "strongest" holds at any count.
    const rows = (await graph.neighbors({ ns, ids: [q.id], direction: "both", view, limitPerNode: q.limit + 1 }))
      .sort((a, b) => b.weight - a.weight || (a.edge < b.edge ? -1 : a.edge > b.edge ? 1 : 0));
    const kept = rows.slice(0, q.limit);
    const neighbours = await nodesIn(graph, ns, [...new Set(kept.map((r) => r.neighbor))], view, now);
    const answer: WireNeighbourhood = { node: wireNode(node), nodes: neighbours.map(wireNode), edges: kept.map(wireNeighbor), more: rows.length > q.limit };
    return c.json(answer);
  });

  app.notFound((c) => c.json<WireError>({ error: `no route ${c.req.method} ${c.req.path}` }, 404));
  app.onError((error, c) => {
    // By code, not instanceof: an app may hold a second copy of @hippograph/memory, whose classes differ.
    if (!HippographError.isInstance(error)) return c.json<WireError>({ error: `internal error: ${error.message}` }, 500);
    switch (error.code) {
      case "VALIDATION":
        return c.json<WireError>({ error: error.message, issues: [...((error as ValidationError).issues ?? [])] }, 400);
      case "NOT_FOUND":
        return c.json<WireError>({ error: error.message }, 404);
      case "CLOSED":
      case "STORAGE":
      case "EMBEDDER":
      case "MODEL":
        return c.json<WireError>({ error: error.message }, 503);
      default:
        return c.json<WireError>({ error: error.message }, 422);
    }
  });
  return app;
}

async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError([{ path: "(body)", message: `not valid JSON: ${(error as Error).message}` }], "request");
  }
}
