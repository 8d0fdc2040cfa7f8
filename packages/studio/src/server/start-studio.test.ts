import { afterEach, describe, expect, it } from "vitest";
import type { Memory } from "@hippograph/memory";
import { startStudio, type StudioServer } from "./start-studio.js";
import { testMemory } from "./test-memory.js";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const done of cleanup.splice(0).reverse()) await done();
});

/** The memory, with `retrieve` held until `release()`: a request in flight for as long as the test wants. */
async function heldMemory(): Promise<{ memory: Memory; started: Promise<void>; release: () => void }> {
  const memory = await testMemory();
  cleanup.push(() => memory.close());
  let release!: () => void;
  let began!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const started = new Promise<void>((r) => (began = r));
  const held = new Proxy(memory, {
    get(target, key, receiver) {
      if (key !== "retrieve") return Reflect.get(target, key, receiver);
      return async (...args: Parameters<Memory["retrieve"]>) => {
        began();
        await gate;
        return target.retrieve(...args);
      };
    },
  });
  return { memory: held, started, release };
}

const retrieve = (server: StudioServer) =>
  fetch(`${server.url}/api/retrieve`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "What is the cat called?", ns: "chat" }) });

describe("startStudio", () => {
  it("stops taking requests at close() but lets one in flight finish, and resolves after it", async () => {
    const { memory, started, release } = await heldMemory();
    const server = await startStudio({ memory, port: 0 });
    const inFlight = retrieve(server);
    await started;
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await expect(fetch(`${server.url}/api/namespaces`)).rejects.toThrow(); // no longer listening
    expect(closed).toBe(false); // waits for the request in flight
    release();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { ranking: string[] }).ranking[0]).toBe("a1");
    await closing;
    expect(closed).toBe(true);
  });

  it("gives a request that outlasts the grace period up, so that stopping is bounded", async () => {
    const { memory, started, release } = await heldMemory();
    cleanup.push(async () => release());
    const server = await startStudio({ memory, port: 0, closeGraceMs: 50 });
    const inFlight = retrieve(server).then((r) => r.status, () => "connection closed");
    await started;
    const t0 = performance.now();
    await server.close();
    expect(performance.now() - t0).toBeLessThan(1_000); // the default grace is 5 s
    expect(await inFlight).toBe("connection closed");
  });
});
