import type { WireAgentGraph, WireAgentRun, WireError, WireNeighbourhood, WireRetrieval } from "../wire/wire.js";

/** A refusal from the studio's server, with the fields it named. */
export class StudioRequestError extends Error {
  constructor(message: string, readonly issues: readonly { path: string; message: string }[] = []) {
    super(message);
  }
}

async function answer<T>(response: Response): Promise<T> {
  if (!/^application\/json\b/.test(response.headers.get("content-type") ?? "")) {
    throw new StudioRequestError(`the studio's server answered HTTP ${response.status} with no JSON (a proxy in between?)`);
  }
  const body = (await response.json()) as T | WireError;
  if (!response.ok) {
    const e = body as WireError;
    throw new StudioRequestError(e.error ?? `HTTP ${response.status}`, e.issues ?? []);
  }
  return body as T;
}

export async function namespaces(): Promise<{ namespaces: string[]; default: string }> {
  return answer(await fetch("/api/namespaces"));
}

export async function stats(ns: string): Promise<{ nodes: Record<string, number>; edges: Record<string, number> }> {
  return answer(await fetch(`/api/stats?${new URLSearchParams({ ns })}`));
}

export async function agentGraphs(): Promise<{ graphs: WireAgentGraph[]; runs: WireAgentRun[] }> {
  return answer(await fetch("/api/agent-graphs"));
}

export async function defaultPipeline(): Promise<{ steps: unknown[] }> {
  return answer(await fetch("/api/pipeline"));
}

export async function retrieve(request: { query: string; ns: string; pipeline?: unknown; view?: { validAt: string; knownAt: string } }): Promise<WireRetrieval> {
  return answer(await fetch("/api/retrieve", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request) }));
}

/** `view`: the retrieval's point of view (ISO times), so the neighbourhood is seen from the same one. */
export async function neighbourhood(ns: string, id: string, view: { validAt: string; knownAt: string }): Promise<WireNeighbourhood> {
  return answer(await fetch(`/api/node?${new URLSearchParams({ ns, id, ...view })}`));
}
