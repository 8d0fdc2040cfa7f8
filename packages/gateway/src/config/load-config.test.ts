/** Bad configuration is refused at start, and every error names the path of the bad field. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GatewayConfigError } from "../errors.js";
import { createGateway } from "../gateway.js";
import { loadConfigFile, parseConfig } from "./load-config.js";

const good = { upstreams: [{ id: "a", url: "http://127.0.0.1:8000/v1" }], models: [{ name: "m", targets: [{ upstreams: ["a"] }] }] };

function issues(input: unknown): string[] {
  try {
    parseConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayConfigError);
    expect((error as GatewayConfigError).code).toBe("CONFIG");
    return (error as GatewayConfigError).issues.map((i) => i.path);
  }
  throw new Error("accepted");
}

describe("config", () => {
  it("fills every default", () => {
    const c = parseConfig(good);
    expect(c.models[0]!.routing.policy).toBe("prefix-aware");
    expect(c.limits.retry.budget.ratio).toBe(0.2);
    expect(c.models[0]!.batching).toEqual({ enabled: true, windowMs: 2, maxInputs: 64 });
    expect(c.server.keepAliveMs).toBe(10_000);
  });

  it("names the path of schema errors", () => {
    expect(issues({ ...good, upstreams: [{ id: "a", url: "not a url" }] })).toEqual(["upstreams[0].url"]);
    expect(issues({ ...good, models: [{ name: "m", targets: [{ upstreams: ["a"], weight: -1 }] }] })).toEqual(["models[0].targets[0].weight"]);
    expect(issues({ ...good, models: [{ ...good.models[0], routing: { policy: "fastest" } }] })).toEqual(["models[0].routing.policy"]);
    expect(issues({ ...good, limits: { retry: { budget: { ratio: 2 } } } })).toEqual(["limits.retry.budget.ratio"]);
    expect(issues({ models: good.models })).toEqual(["upstreams"]);
    // A typo is an error, not a default silently kept: "apikey" would send no key upstream.
    expect(issues({ ...good, upstreams: [{ id: "a", url: "http://127.0.0.1:8000/v1", apikey: "s" }] })).toEqual(["upstreams[0]"]);
    expect(issues({ ...good, sever: { port: 1 } })).toEqual(["(root)"]);
  });

  it("names the path of broken references and duplicates", () => {
    expect(issues({ ...good, models: [{ name: "m", targets: [{ upstreams: ["a", "b"] }] }] })).toEqual(["models[0].targets[0].upstreams[1]"]);
    expect(issues({ ...good, upstreams: [...good.upstreams, { id: "a", url: "http://x" }] })).toEqual(["upstreams[1].id"]);
    expect(issues({ ...good, keys: [{ name: "k", key: "s", models: ["zz"] }] })).toEqual(["keys[0].models[0]"]);
    expect(issues({ ...good, keys: [{ name: "k", keyEnv: "HIPPOGRAPH_SURELY_UNSET_VAR" }] })).toEqual(["keys[0].keyEnv"]);
  });

  it("createGateway refuses a bad config before anything starts", () => {
    expect(() => createGateway({ upstreams: [], models: [] } as never)).toThrow(GatewayConfigError);
  });

  it("reads JSON and YAML files; a parse error names the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gw-config-"));
    writeFileSync(join(dir, "g.json"), JSON.stringify(good));
    writeFileSync(join(dir, "g.yaml"), "upstreams:\n  - id: a\n    url: http://127.0.0.1:8000\nmodels:\n  - name: m\n    targets:\n      - upstreams: [a]\n");
    writeFileSync(join(dir, "bad.yaml"), "upstreams:\n  - id: a\n    url: http://127.0.0.1:8000\nmodels:\n  - name: m\n    targets:\n      - upstreams: [nope]\n");
    expect((await loadConfigFile(join(dir, "g.json"))).models[0]!.name).toBe("m");
    expect((await loadConfigFile(join(dir, "g.yaml"))).upstreams[0]!.id).toBe("a");
    await expect(loadConfigFile(join(dir, "bad.yaml"))).rejects.toMatchObject({ issues: [{ path: "models[0].targets[0].upstreams[0]" }] });
    writeFileSync(join(dir, "broken.json"), "{");
    await expect(loadConfigFile(join(dir, "broken.json"))).rejects.toThrow(/broken\.json/);
  });
});
