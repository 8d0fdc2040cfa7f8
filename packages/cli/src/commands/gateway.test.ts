/** `hippograph gateway`: check and serve a config; a bad one exits 3 naming the bad field. */
import { afterAll, describe, expect, it } from "vitest";
import { runCli, workspace } from "../testing/harness.js";

const ws = workspace();
afterAll(ws.cleanup);
const good = { upstreams: [{ id: "a", url: "http://127.0.0.1:9/v1" }], models: [{ name: "m", targets: [{ upstreams: ["a"] }] }] };

describe("hippograph gateway", () => {
  it("check: a good config", async () => {
    const { code, stdout } = await runCli(["gateway", "check", "--config", ws.file("g.json", JSON.stringify(good))]);
    expect(code).toBe(0);
    expect(stdout).toContain("1 upstreams, 1 models");
  });

  it("check: a bad config exits 3 and names the path", async () => {
    const bad = { ...good, models: [{ name: "m", targets: [{ upstreams: ["zz"] }] }] };
    const { code, stderr } = await runCli(["--json", "gateway", "check", "--config", ws.file("bad.json", JSON.stringify(bad))]);
    expect(code).toBe(3);
    expect(JSON.parse(stderr).error.issues[0].path).toBe("models[0].targets[0].upstreams[0]");
  });

  it("serve: listens, answers /v1/models, stops on SIGTERM", async () => {
    const baseline = process.listenerCount("SIGTERM");
    const run = runCli(["--json", "gateway", "serve", "--port", "0", "--config", ws.file("s.json", JSON.stringify(good))]);
    // The command is serving once it listens for SIGTERM (runCli hands stdout over only at the end).
    for (let i = 0; i < 250 && process.listenerCount("SIGTERM") === baseline; i++) await new Promise((r) => setTimeout(r, 20));
    expect(process.listenerCount("SIGTERM")).toBe(baseline + 1);
    process.emit("SIGTERM");
    const { code, stdout } = await run;
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { url: string; models: { name: string }[] };
    expect(out.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(out.models[0]!.name).toBe("m");
  });
});
