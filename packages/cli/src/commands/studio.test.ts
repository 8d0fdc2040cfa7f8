/** `hippograph studio`: serves the debugger over the --db memory until SIGTERM; a missing file exits 5. */
import { request } from "node:http";
import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, workspace } from "../testing/harness.js";

const ws = workspace();
afterAll(ws.cleanup);

/** A port free a moment ago: runCli hands stdout over only at the end, so the test must know the port before. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("hippograph studio", () => {
  it("refuses a memory file that does not exist, and creates none", async () => {
    const missing = `${ws.dir}/nothing-here.db`;
    const { code, stderr } = await runCli(["--json", "--db", missing, "studio", "--port", "0"]);
    expect(code).toBe(5);
    expect(JSON.parse(stderr).error.message).toContain("no memory at");
    expect((await import("node:fs")).existsSync(missing)).toBe(false);
  });

  it("refuses an empty file, and leaves it empty", async () => {
    const empty = ws.file("empty.db", "");
    const { code } = await runCli(["--db", empty, "studio", "--port", "0"]);
    expect(code).toBe(5);
    expect((await import("node:fs")).statSync(empty).size).toBe(0);
  });

  it("serves the demo's memory, answers retrievals in its namespace, stops on SIGTERM", async () => {
    expect((await runCli(["--db", ws.db, "--ns", "demo", "demo"])).code).toBe(0);
    const port = await freePort();
    const baseline = process.listenerCount("SIGTERM");
    const run = runCli(["--json", "--db", ws.db, "--ns", "demo", "studio", "--port", String(port)]);
    for (let i = 0; i < 250 && process.listenerCount("SIGTERM") === baseline; i++) await new Promise((r) => setTimeout(r, 20));
    const url = `http://127.0.0.1:${port}`;
    const namespaces = (await (await fetch(`${url}/api/namespaces`)).json()) as { namespaces: string[]; default: string };
    expect(namespaces).toEqual({ namespaces: ["demo"], default: "demo" });
    const answer = await fetch(`${url}/api/retrieve`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "where is the new bakery?", ns: "demo" }) });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { ranking: string[] }).ranking.length).toBeGreaterThan(0);
    process.emit("SIGTERM");
    const { code, stdout } = await run;
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ url, ns: "demo", db: ws.db });
  });

  it("--only-ns: other namespaces are neither listed nor readable", async () => {
    expect((await runCli(["--db", ws.db, "--ns", "other", "demo"])).code).toBe(0);
    const port = await freePort();
    const baseline = process.listenerCount("SIGTERM");
    const run = runCli(["--db", ws.db, "--ns", "demo", "studio", "--only-ns", "--port", String(port)]);
    for (let i = 0; i < 250 && process.listenerCount("SIGTERM") === baseline; i++) await new Promise((r) => setTimeout(r, 20));
    const url = `http://127.0.0.1:${port}`;
    expect(((await (await fetch(`${url}/api/namespaces`)).json()) as { namespaces: string[] }).namespaces).toEqual(["demo"]);
    expect((await fetch(`${url}/api/stats?ns=other`)).status).toBe(404);
    expect((await fetch(`${url}/api/stats?ns=demo`)).status).toBe(200);
    // Through the real server: a request whose Host is another name (DNS rebinding) is refused.
    const rebound = await new Promise<number>((resolve, reject) => {
      request({ host: "127.0.0.1", port, path: "/api/namespaces", headers: { host: `attacker.example:${port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on("error", reject).end();
    });
    expect(rebound).toBe(403);
    process.emit("SIGTERM");
    expect((await run).code).toBe(0);
  });

  it("--graph: a bad spec exits 3 naming its field, a missing one 5, before the memory is opened", async () => {
    const bad = ws.file("bad.yaml", "name: bad\nstate: {}\nnodes:\n  - { id: a, type: function, fn: f }\nedges:\n  - { from: START, to: nowhere }\n");
    const invalid = await runCli(["--json", "--db", ws.db, "studio", "--graph", bad, "--port", "0"]);
    expect(invalid.code).toBe(3);
    expect(JSON.stringify(JSON.parse(invalid.stderr).error.issues)).toContain("edges[0].to");
    expect((await runCli(["--db", ws.db, "studio", "--graph", `${ws.dir}/none.yaml`, "--port", "0"])).code).toBe(5);
    const twice = await runCli(["--json", "--db", ws.db, "studio", "--graph", "examples/research-agent/research-agent.yaml", "examples/research-agent/research-agent.yaml", "--port", "0"]);
    expect(twice.code).toBe(3);
    expect(JSON.parse(twice.stderr).error.message).toContain('both name their graph "research-agent"');
  });

  it("--graph and --run: serves the agent graph beside the memory, with a run recorded by `run --trace`", async () => {
    const trace = `${ws.dir}/chat-run.json`;
    const chat = "examples/memory-chat/memory-chat.yaml";
    const recorded = await runCli(["--db", ":memory:", "run", chat, "--input", '{"messages":[{"role":"user","content":"hi"}]}', "--scripted", '["Hello!"]', "--trace", trace]);
    expect(recorded.code).toBe(0);
    const research = "examples/research-agent/research-agent.yaml";
    const orphan = await runCli(["--json", "--db", ws.db, "studio", "--graph", research, "--run", trace, "--port", "0"]);
    expect(orphan.code).toBe(3);
    expect(JSON.parse(orphan.stderr).error.message).toContain('graph "memory-chat", which no --graph spec names');
    const malformed = await runCli(["--json", "--db", ws.db, "studio", "--graph", chat, "--run", ws.file("bad-run.json", '{"graph":"memory-chat","steps":[{"node":""}]}'), "--port", "0"]);
    expect(malformed.code).toBe(3);
    expect(JSON.stringify(JSON.parse(malformed.stderr).error.issues)).toContain("steps[0].node");
    const port = await freePort();
    const baseline = process.listenerCount("SIGTERM");
    const run = runCli(["--db", ws.db, "--ns", "demo", "studio", "--graph", research, chat, "--run", trace, "--port", String(port)]);
    for (let i = 0; i < 250 && process.listenerCount("SIGTERM") === baseline; i++) await new Promise((r) => setTimeout(r, 20));
    const { graphs, runs } = (await (await fetch(`http://127.0.0.1:${port}/api/agent-graphs`)).json()) as { graphs: { name: string; edges: unknown[] }[]; runs: { graph: string; label: string; steps: { node: string }[] }[] };
    expect(graphs.map((g) => g.name)).toEqual(["research-agent", "memory-chat"]);
    expect(graphs[0]!.edges).toHaveLength(5);
    expect(runs.map((r) => [r.graph, r.label, r.steps.map((s) => s.node)])).toEqual([["memory-chat", "chat-run.json", ["recall", "agent", "observe"]]]);
    process.emit("SIGTERM");
    expect((await run).code).toBe(0);
  });

  it("refuses a port out of range as a usage error", async () => {
    const { code } = await runCli(["--db", ws.db, "studio", "--port", "70000"]);
    expect(code).toBe(2);
  });
});
