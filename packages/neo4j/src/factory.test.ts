import { describe, expect, it } from "vitest";
import { HippographError } from "@hippograph/memory";
import { neo4jGraph } from "./factory.js";

describe("neo4jGraph start-up (no server needed)", () => {
  it("an unreachable server is a STORAGE error naming the host, after bounded retries (never forever)", async () => {
    const started = Date.now();
    const err = await neo4jGraph({ uri: "bolt://127.0.0.1:1", user: "neo4j", password: "x", connectionTimeoutMs: 2_000, connectAttempts: 2 }).catch((e: unknown) => e);
    expect(HippographError.isInstance(err) && err.code).toBe("STORAGE");
    expect((err as Error).message).toContain("bolt://127.0.0.1:1");
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 30_000);

  it("bad options are VALIDATION naming the field, before any connection", async () => {
    const err = await neo4jGraph({ uri: "http://x", user: "", password: "p", batchSize: 0 }).catch((e: unknown) => e);
    expect(HippographError.isInstance(err) && err.code).toBe("VALIDATION");
    expect((err as { issues: { path: string }[] }).issues.map((i) => i.path).sort()).toEqual(["batchSize", "uri", "user"]);
  });
});
