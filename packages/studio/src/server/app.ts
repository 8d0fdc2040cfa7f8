/**
 * The studio's HTTP API as a Hono app over one open Memory. It only reads: a debugger that could
 * write would turn a look at production memory into a risk. Every request names its namespace.
 */
import { Hono, type Context } from "hono";
import { HippographError, NotFoundError, ValidationError, parseInput, DEFAULT_PIPELINE, type Memory, type PipelineSpec } from "@hippograph/memory";
import type { WireError, WireNeighbourhood } from "../wire/wire.js";
import { clientBundle } from "./client-bundle.js";
import { page } from "./page.js";
import { namespaceRequestSchema, nodeRequestSchema, retrieveRequestSchema } from "./requests.js";
import { retrievalPicture } from "./retrieval-picture.js";
import { wireNeighbor, wireNode } from "./to-wire.js";

export interface StudioAppOptions {
  /** The namespace the page opens on. Default: the memory's. */
  ns?: string;
}

/** Request bodies past this are refused before parsing: a pipeline is a few hundred bytes. */
const MAX_BODY_BYTES = 256 * 1024;

export function studioApp(memory: Memory, options: StudioAppOptions = {}): Hono {
  const app = new Hono();
  const defaultNs = options.ns ?? memory.namespace;

  app.get("/", (c) => c.html(page(defaultNs)));
  app.get("/studio.js", async (c) => c.body(await clientBundle(), 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" }));

  app.get("/favicon.ico", (c) => c.body(null, 204));
  app.get("/api/namespaces", async (c) => c.json({ namespaces: await memory.namespaces(), default: defaultNs }));
  app.get("/api/pipeline", (c) => c.json({ steps: DEFAULT_PIPELINE }));
  app.get("/api/stats", async (c) => {
    const { ns } = parseInput(namespaceRequestSchema, c.req.query(), "stats");
    return c.json(await memory.stats({ ns }));
  });

  app.post("/api/retrieve", async (c) => {
    const body = parseInput(retrieveRequestSchema, await jsonBody(c), "retrieve");
    const view = body.view && { validAt: body.view.validAt ?? Date.now(), knownAt: body.view.knownAt ?? Date.now() };
    const result = await memory.retrieve(body.query, { ns: body.ns, ...(view ? { view } : {}), ...(body.pipeline === undefined ? {} : { pipeline: body.pipeline as PipelineSpec }) });
    return c.json(await retrievalPicture(memory.stores.graph, { text: body.query, ns: body.ns, ...(view ? { view } : {}) }, result, { ranked: body.ranked, maxNodes: body.maxNodes }));
  });

  app.get("/api/node", async (c) => {
    const q = parseInput(nodeRequestSchema, c.req.query(), "node");
    const graph = memory.stores.graph;
    const [node] = await graph.getNodes({ ns: q.ns, ids: [q.id] });
    if (!node) throw new NotFoundError(`no node ${JSON.stringify(q.id)} in namespace ${JSON.stringify(q.ns)}`);
    const rows = await graph.neighbors({ ns: q.ns, ids: [q.id], direction: "both", limitPerNode: q.limit + 1 });
    const kept = rows.slice(0, q.limit);
    const neighbours = await graph.getNodes({ ns: q.ns, ids: [...new Set(kept.map((r) => r.neighbor))] });
    const answer: WireNeighbourhood = { node: wireNode(node), nodes: neighbours.map(wireNode), edges: kept.map(wireNeighbor), more: rows.length > q.limit };
    return c.json(answer);
  });

  app.notFound((c) => c.json<WireError>({ error: `no route ${c.req.method} ${c.req.path}` }, 404));
  app.onError((error, c) => {
    if (error instanceof ValidationError) return c.json<WireError>({ error: error.message, issues: [...error.issues] }, 400);
    if (error instanceof NotFoundError) return c.json<WireError>({ error: error.message }, 404);
    if (error instanceof HippographError) return c.json<WireError>({ error: error.message }, 422);
    return c.json<WireError>({ error: `internal error: ${error.message}` }, 500);
  });
  return app;
}

async function jsonBody(c: Context): Promise<unknown> {
  const length = Number(c.req.header("content-length") ?? 0);
  if (length > MAX_BODY_BYTES) throw new ValidationError([{ path: "(body)", message: `the request body is over ${MAX_BODY_BYTES} bytes` }], "request");
  const text = await c.req.text();
  if (text.length > MAX_BODY_BYTES) throw new ValidationError([{ path: "(body)", message: `the request body is over ${MAX_BODY_BYTES} bytes` }], "request");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError([{ path: "(body)", message: `not valid JSON: ${(error as Error).message}` }], "request");
  }
}
