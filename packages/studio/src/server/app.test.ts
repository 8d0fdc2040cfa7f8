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

const post = (body: unknown) => app.request("/api/retrieve", { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });

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
        const r = await studio.request("/api/retrieve", { method: "POST", body: JSON.stringify({ query: "Lisbon half marathon", ns: "chat", pipeline: [{ op: "bm25", k: 5 }], ...extra }) });
        expect(r.status).toBe(200);
        return ((await r.json()) as WireRetrieval).ranking;
      };
      expect(await ask({})).not.toContain("a4");
      expect(await ask({ view: { validAt: "2024-06-01T00:00:00Z" } })).toContain("a4");
      const bad = await studio.request("/api/retrieve", { method: "POST", body: JSON.stringify({ query: "x", ns: "chat", view: { validAt: "June" } }) });
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
