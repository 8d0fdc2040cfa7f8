import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Memory } from "@hippograph/memory";
import type { WireError, WireNeighbourhood, WireRetrieval } from "../wire/wire.js";
import { studioApp } from "./app.js";
import { testMemory } from "./test-memory.js";

let memory: Memory;
let app: ReturnType<typeof studioApp>;

beforeAll(async () => {
  memory = await testMemory();
  app = studioApp(memory);
});
afterAll(() => memory.close());

const JSON_TYPE = { "content-type": "application/json" };
const post = (body: unknown, to = app) => to.request("/api/retrieve", { method: "POST", headers: JSON_TYPE, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("studio API", () => {
  it("lists namespaces and opens on the memory's", async () => {
    const r = await app.request("/api/namespaces");
    expect(r.status).toBe(200);
    const body = (await r.json()) as { namespaces: string[]; default: string };
    expect(body.default).toBe("chat");
    expect(body.namespaces).toEqual(expect.arrayContaining(["chat", "other"]));
  });

  it("retrieves through the default pipeline and draws what it touched", async () => {
    const r = await post({ query: "what is the name of the cat?", ns: "chat" });
    expect(r.status).toBe(200);
    const w = (await r.json()) as WireRetrieval;
    const direct = await memory.retrieve("what is the name of the cat?", { ns: "chat" });
    expect(w.steps.map((s) => s.step)).toEqual(direct.trace.map((t) => t.step));
    expect(w.ranking).toEqual(direct.items.map((x) => x.id));
    const drawn = new Set(w.nodes.map((n) => n.id));
    for (const [i, id] of w.ranking.slice(0, 20).entries()) {
      expect(drawn.has(id)).toBe(true);
      expect(w.roles[id]!.rank).toBe(i + 1);
    }
    for (const e of w.edges) expect(drawn.has(e.from) && drawn.has(e.to)).toBe(true);
    expect(w.edges.length).toBeGreaterThan(0);
    const spread = w.steps.find((s) => s.op === "spread")!;
    expect(spread.stats).toMatchObject({ relaxedEdges: expect.any(Number), firedPerHop: expect.any(Array) });
    expect(w.nodes.every((n) => n.id !== "b1")).toBe(true); // the other namespace's turn never shows
  });

  it("draws every node on the strongest path of a ranked item, seed first", async () => {
    const w = (await (await post({ query: "Pixel the grey cat", ns: "chat" })).json()) as WireRetrieval;
    const reached = Object.values(w.roles).filter((r) => r.rank !== null && r.path.length > 1);
    expect(reached.length).toBeGreaterThan(0);
    const drawn = new Set(w.nodes.map((n) => n.id));
    for (const role of reached) {
      expect(role.path[0]!.via).toBe("seed");
      expect(w.roles[role.path[0]!.id]!.seed).toBe(true);
      for (const step of role.path) expect(drawn.has(step.id)).toBe(true);
    }
  });

  it("caps the picture at maxNodes and counts what it left out", async () => {
    const w = (await (await post({ query: "Pixel the grey cat", ns: "chat", ranked: 2, maxNodes: 3 })).json()) as WireRetrieval;
    expect(w.nodes.length).toBeLessThanOrEqual(3);
    expect(w.omitted).toBeGreaterThan(0);
    expect(Object.keys(w.roles).every((id) => w.nodes.some((n) => n.id === id))).toBe(true);
  });

  it("runs a pipeline the page sends", async () => {
    const w = (await (await post({ query: "marathon", ns: "chat", pipeline: [{ op: "bm25", k: 3 }] })).json()) as WireRetrieval;
    expect(w.steps.map((s) => s.op)).toEqual(["bm25"]);
    expect(w.ranking.length).toBeGreaterThan(0);
    expect(w.ranking.length).toBeLessThanOrEqual(3);
  });

  it("looks from another time when asked: a fact invalidated since is found as of before", async () => {
    const scratch = await testMemory();
    try {
      await scratch.invalidate("a4", { ns: "chat", at: Date.parse("2025-01-01T00:00:00Z"), reason: "race run" });
      const studio = studioApp(scratch);
      const ask = async (extra: object) => {
        const r = await studio.request("/api/retrieve", { method: "POST", headers: JSON_TYPE, body: JSON.stringify({ query: "Lisbon half marathon", ns: "chat", pipeline: [{ op: "bm25", k: 5 }], ...extra }) });
        expect(r.status).toBe(200);
        return ((await r.json()) as WireRetrieval).ranking;
      };
      expect(await ask({})).not.toContain("a4");
      expect(await ask({ view: { validAt: "2024-06-01T00:00:00Z" } })).toContain("a4");
      expect(await ask({ view: { validAt: "2024-06-01T00:00:00Z", knownAt: "2024-06-01T00:00:00Z" } })).toEqual([]); // recorded in 2026: not known then
      const bad = await studio.request("/api/retrieve", { method: "POST", headers: JSON_TYPE, body: JSON.stringify({ query: "x", ns: "chat", view: { validAt: "June" } }) });
      expect(((await bad.json()) as WireError).issues![0]!.path).toBe("view.validAt");
    } finally {
      await scratch.close();
    }
  });

  it("refuses bad requests with the field named", async () => {
    const cases: [unknown, string][] = [
      [{ query: "cat" }, "ns"],
      [{ query: "", ns: "chat" }, "query"],
      [{ query: "cat", ns: "chat", pipeline: [{ op: "bm25", k: -1 }] }, "steps[0].k"],
      [{ query: "cat", ns: "chat", maxNodes: 0 }, "maxNodes"],
      [{ query: "cat", ns: "chat", extra: 1 }, "(root)"],
      ["{not json", "(body)"],
    ];
    for (const [body, path] of cases) {
      const r = await post(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      const e = (await r.json()) as WireError;
      expect(e.issues?.map((i) => i.path).join(" "), JSON.stringify(body)).toContain(path);
    }
  });

  it("draws no edge the retrieval could not see: an invalidated one shows only as of before", async () => {
    const scratch = await testMemory();
    try {
      await scratch.write({ edges: [{ id: "old-link", kind: "link", from: "a1", to: "a3" }] }, { ns: "chat" });
      const studio = studioApp(scratch);
      const drawnEdges = async (extra: object) => ((await (await post({ query: "Pixel the grey cat balcony", ns: "chat", ...extra }, studio)).json()) as WireRetrieval).edges.map((e) => e.id);
      const nodeEdges = async (query: string) => ((await (await studio.request(`/api/node?ns=chat&id=a1${query}`)).json()) as WireNeighbourhood).edges.map((e) => e.id);
      expect(await drawnEdges({})).toContain("old-link");
      expect(await nodeEdges("")).toContain("old-link");
      const cut = Date.now();
      await scratch.stores.graph.invalidate({ ns: "chat", edgeIds: ["old-link"], validTo: cut, change: { actor: "test", reason: "no longer linked", at: cut } });
      expect(await drawnEdges({})).not.toContain("old-link");
      expect(await nodeEdges("")).not.toContain("old-link");
      const before = new Date(cut - 1).toISOString();
      expect(await drawnEdges({ view: { validAt: before } })).toContain("old-link");
      expect(await nodeEdges(`&validAt=${before}`)).toContain("old-link");
    } finally {
      await scratch.close();
    }
  });

  it("lists a node's strongest neighbours, whatever order the store reads them in", async () => {
    const scratch = await testMemory();
    try {
      await scratch.write({ nodes: [{ id: "x", kind: "entity", text: "x" }, { id: "weak", kind: "entity", text: "w" }, { id: "strong", kind: "entity", text: "s" }] }, { ns: "n" });
      await scratch.write({ edges: [{ id: "e-weak", kind: "relates", from: "x", to: "weak", weight: 0.1 }, { id: "e-strong", kind: "relates", from: "strong", to: "x", weight: 5 }] }, { ns: "n" });
      const n = (await (await studioApp(scratch).request("/api/node?ns=n&id=x&limit=1")).json()) as WireNeighbourhood;
      expect(n.edges.map((e) => e.id)).toEqual(["e-strong"]);
      expect(n.more).toBe(true);
    } finally {
      await scratch.close();
    }
  });

  it("marks seeds only where a graph step spread from them", async () => {
    const bm25Only = (await (await post({ query: "Pixel the grey cat", ns: "chat", pipeline: [{ op: "bm25", k: 5 }] })).json()) as WireRetrieval;
    expect(Object.values(bm25Only.roles).some((r) => r.seed)).toBe(false);
    const graph = (await (await post({ query: "Pixel the grey cat", ns: "chat" })).json()) as WireRetrieval;
    expect(Object.values(graph.roles).some((r) => r.seed)).toBe(true);
  });

  it("answers a second copy of the memory package's refusals by their code, not their class", async () => {
    const foreign = Object.assign(new Error("pipeline: steps[0].k: too small"), { code: "VALIDATION", issues: [{ path: "steps[0].k", message: "too small" }] });
    const lookalike = Object.create(memory, { retrieve: { value: async () => { throw foreign; } } }) as Memory;
    const r = await post({ query: "cat", ns: "chat" }, studioApp(lookalike));
    expect(r.status).toBe(400);
    expect(((await r.json()) as WireError).issues).toEqual([{ path: "steps[0].k", message: "too small" }]);
  });

  it("answers only to this machine's names, takes POSTs only as JSON, and refuses an oversized body", async () => {
    const rebound = await app.request("http://attacker.example/api/namespaces");
    expect(rebound.status).toBe(403);
    expect((await app.request("/api/namespaces", { headers: { origin: "http://attacker.example" } })).status).toBe(403);
    expect((await app.request("http://127.0.0.1:7420/api/namespaces", { headers: { origin: "http://localhost:7420" } })).status).toBe(200);
    expect((await app.request("http://127.0.0.1:7420/api/namespaces", { headers: { origin: "http://localhost:3000" } })).status).toBe(403); // another local server's page
    expect((await app.request("http://127.0.0.1/api/namespaces", { headers: { origin: "https://localhost" } })).status).toBe(403); // same (default) port, other scheme
    const form = await app.request("/api/retrieve", { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ query: "cat", ns: "chat" }) });
    expect(form.status).toBe(415);
    const proxied = studioApp(memory, { hosts: "any" });
    expect((await proxied.request("http://studio.internal/api/namespaces")).status).toBe(200);
    expect((await proxied.request("http://studio.internal/api/namespaces", { headers: { origin: "http://studio.internal" } })).status).toBe(200);
    expect((await proxied.request("http://studio.internal/api/namespaces", { headers: { origin: "http://attacker.example" } })).status).toBe(403);
    expect((await proxied.request("http://studio.internal/api/namespaces", { headers: { origin: "null" } })).status).toBe(403);
    expect((await proxied.request("http://studio.internal/api/retrieve", { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" })).status).toBe(415);
    const big = await post({ query: "é".repeat(200_000), ns: "chat" }); // 400 kB of UTF-8 in 200,000 characters
    expect(big.status).toBe(400);
    expect(((await big.json()) as WireError).issues![0]!.path).toBe("(body)");
  });

  it("confined to some namespaces, answers 404 for the others, as if absent", async () => {
    const confined = studioApp(memory, { namespaces: ["chat"] });
    expect(((await (await confined.request("/api/namespaces")).json()) as { namespaces: string[] }).namespaces).toEqual(["chat"]);
    expect((await confined.request("/api/node?ns=other&id=b1")).status).toBe(404);
    expect((await post({ query: "Pixel", ns: "other" }, confined)).status).toBe(404);
    expect((await confined.request("/api/stats?ns=other")).status).toBe(404);
    expect((await post({ query: "Pixel", ns: "chat" }, confined)).status).toBe(200);
  });

  it("shows a node's neighbourhood, within its namespace only", async () => {
    const r = await app.request("/api/node?ns=chat&id=a1&limit=1");
    expect(r.status).toBe(200);
    const n = (await r.json()) as WireNeighbourhood;
    expect(n.node.id).toBe("a1");
    expect(n.edges).toHaveLength(1);
    expect(n.more).toBe(true);
    expect(n.nodes.map((x) => x.id)).toContain(n.edges[0]!.from === "a1" ? n.edges[0]!.to : n.edges[0]!.from);
    expect((await app.request("/api/node?ns=chat&id=b1")).status).toBe(404);
    expect((await app.request("/api/node?ns=other&id=b1")).status).toBe(200);
    expect((await app.request("/api/node?ns=chat")).status).toBe(400);
  });

  it("lists the agent graphs and runs it was given, and none by default", async () => {
    const graph = { name: "g", description: null, nodes: [{ id: "START", type: "start", detail: "entry" }], edges: [] };
    const run = { graph: "g", label: "run.json", steps: [{ node: "a", update: { x: 1 } }] };
    expect(await (await studioApp(memory, { agentGraphs: [graph], agentRuns: [run] }).request("/api/agent-graphs")).json()).toEqual({ graphs: [graph], runs: [run] });
    expect(await (await app.request("/api/agent-graphs")).json()).toEqual({ graphs: [], runs: [] });
  });

  it("serves the page and its script, bundled from the client's source", async () => {
    const html = await (await app.request("/")).text();
    expect(html).toContain('window.HIPPOGRAPH_NS = "chat"');
    expect(html).toContain('src="/studio.js"');
    const js = await app.request("/studio.js");
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toContain("javascript");
    expect((await js.text()).length).toBeGreaterThan(10_000);
    const missing = await app.request("/api/nothing");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as WireError).error).toContain("/api/nothing");
  });
});
