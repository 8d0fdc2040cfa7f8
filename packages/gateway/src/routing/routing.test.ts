/** Routing decisions, deterministic: least outstanding, prefix-aware scoring against load, sessions, targets. */
import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "../reliability/breaker.js";
import { leastOutstanding } from "./least-outstanding.js";
import { ModelRouter } from "./model-router.js";
import type { RouteContext } from "./policy.js";
import { prefixAware } from "./prefix-aware.js";
import { prefixHashes } from "./prefix-hash.js";
import { PrefixIndex } from "./prefix-index.js";
import { Replica } from "./replica.js";
import { roundRobin } from "./round-robin.js";
import { withSessionAffinity } from "./session-affinity.js";

const replicas = (n: number) => Array.from({ length: n }, (_, i) => new Replica({ id: `r${i}`, send: () => Promise.reject(new Error("unused")) }, i, 0, new CircuitBreaker(5, 1000)));
const ctx = (prompt = "", session?: string): RouteContext => {
  const hashes = prefixHashes(prompt, 64, 256, "m");
  return { session, prefixHashes: () => hashes };
};

describe("least outstanding", () => {
  it("picks the replica with the fewest requests in flight", () => {
    const rs = replicas(3);
    rs[0]!.outstanding = 4;
    rs[1]!.outstanding = 1;
    rs[2]!.outstanding = 2;
    expect(leastOutstanding().pick(rs, ctx()).id).toBe("r1");
  });

  it("spreads ties evenly instead of always taking the first", () => {
    const rs = replicas(4);
    const p = leastOutstanding();
    const counts = new Map<string, number>();
    for (let i = 0; i < 400; i++) {
      const r = p.pick(rs, ctx());
      counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
    }
    expect([...counts.values()]).toEqual([100, 100, 100, 100]);
  });
});

describe("prefix-aware", () => {
  const system = "You are a careful assistant. ".repeat(40); // ~1,160 chars ≈ 18 blocks shared
  const route = (policy: ReturnType<typeof prefixAware>, rs: Replica[], prompt: string) => {
    const c = ctx(prompt);
    const r = policy.pick(rs, c);
    policy.onRouted!(r, c);
    return r;
  };

  it("sends a repeated prefix back to the replica that has it cached", () => {
    const rs = replicas(4);
    const p = prefixAware({ index: new PrefixIndex(10_000) });
    const first = route(p, rs, `${system}question one`);
    for (let i = 0; i < 3; i++) expect(route(p, rs, `${system}question ${i + 2}`).id).toBe(first.id);
  });

  it("a hot prefix spills over once its replica is loaded (no pile-up)", () => {
    const rs = replicas(3);
    const p = prefixAware({ index: new PrefixIndex(10_000), loadSlack: 4 });
    const hot = route(p, rs, `${system}a`);
    hot.outstanding = 5; // more than a full hit is worth at idle
    const next = route(p, rs, `${system}b`);
    expect(next.id).not.toBe(hot.id);
    // The spill replica now holds the prefix too, so the hot prefix has two homes.
    next.outstanding = 5;
    hot.outstanding = 1;
    expect(route(p, rs, `${system}c`).id).toBe(hot.id);
  });

  it("a miss goes to the least loaded replica, not the one with the smallest cache", () => {
    const rs = replicas(3);
    const p = prefixAware({ index: new PrefixIndex(10_000) });
    rs[0]!.outstanding = 9;
    rs[1]!.outstanding = 3;
    rs[2]!.outstanding = 0;
    expect(route(p, rs, "a completely new prompt ".repeat(20)).id).toBe("r2");
  });

  it("under load a hit is worth proportionally more: 1.4× imbalance keeps locality, 2× does not", () => {
    const rs = replicas(2);
    const p = prefixAware({ index: new PrefixIndex(10_000), loadSlack: 4 });
    const home = route(p, rs, `${system}x`);
    const other = rs.find((r) => r !== home)!;
    other.outstanding = 20;
    home.outstanding = 28;
    expect(route(p, rs, `${system}y`).id).toBe(home.id);
    home.outstanding = 40;
    expect(route(p, rs, `${system}z`).id).toBe(other.id);
  });

  it("partial overlap counts in proportion", () => {
    const rs = replicas(2);
    const p = prefixAware({ index: new PrefixIndex(10_000) });
    p.onRouted!(rs[0]!, ctx(system.slice(0, system.length / 2)));
    p.onRouted!(rs[1]!, ctx(system));
    expect(route(p, rs, system).id).toBe("r1");
    rs[1]!.outstanding = 3; // half the prefix at zero load now beats all of it at 3 (1 − 3/4 < 0.5)
    expect(route(p, rs, system).id).toBe("r0");
  });

  it("targets sharing one index do not read each other's replicas", () => {
    const index = new PrefixIndex(10_000);
    const [a, b] = [prefixAware({ index }), prefixAware({ index })];
    const ra = replicas(2);
    const rb = replicas(2).map((r, i) => new Replica({ id: `other${i}`, send: r.upstream.send }, i, 0, r.breaker));
    a.onRouted!(ra[1]!, ctx(system));
    rb[0]!.outstanding = 0;
    rb[1]!.outstanding = 1;
    expect(b.pick(rb, ctx(system)).id).toBe("other0");
  });

  it("the index never exceeds its cap, evicts old generations whole and keeps what is used", () => {
    const index = new PrefixIndex(50);
    const hot = prefixHashes(`hot ${"z".repeat(640)}`, 64, 256, "m");
    for (let i = 0; i < 20; i++) {
      index.add(prefixHashes(`${i} ${"y".repeat(640)}`, 64, 256, "m"), i % 3);
      index.add(hot, 0); // touched every time: never evicted
      expect(index.size).toBeLessThanOrEqual(50);
    }
    expect(index.size + index.evictions).toBe(20 * 10 + hot.length);
    const out = new Int32Array(1);
    index.matchLengths(hot, 1, out);
    expect(out[0]).toBe(hot.length);
  });

  it("chained hashes: equal prefixes give equal leading hashes, a change changes every later one", () => {
    const a = prefixHashes("a".repeat(256), 64, 256, "m");
    const b = prefixHashes(`${"a".repeat(100)}b${"a".repeat(155)}`, 64, 256, "m");
    expect(a).toHaveLength(4);
    expect(b[0]).toBe(a[0]);
    for (let i = 1; i < 4; i++) expect(b[i]).not.toBe(a[i]);
    expect(prefixHashes("a".repeat(256), 64, 256, "other")[0]).not.toBe(a[0]);
  });
});

describe("session affinity", () => {
  it("keeps a session on its replica while it is not overloaded, then moves it", () => {
    const rs = replicas(3);
    const p = withSessionAffinity(roundRobin(), { maxEntries: 10, slack: 2 });
    const c = ctx("", "s1");
    const first = p.pick(rs, c);
    p.onRouted!(first, c);
    for (let i = 0; i < 5; i++) expect(p.pick(rs, c).id).toBe(first.id);
    first.outstanding = 3;
    expect(p.pick(rs, c).id).not.toBe(first.id);
  });

  it("the session table is bounded", () => {
    const rs = replicas(2);
    const p = withSessionAffinity(leastOutstanding(), { maxEntries: 2 });
    for (const s of ["a", "b", "c"]) p.onRouted!(rs[0]!, ctx("", s));
    rs[0]!.outstanding = 1;
    expect(p.pick(rs, ctx("", "a")).id).toBe("r1"); // "a" was evicted: plain least-outstanding
    expect(p.pick(rs, ctx("", "c")).id).toBe("r0");
  });
});

describe("targets", () => {
  it("skips unavailable replicas and tried ones, then falls back to the next priority", () => {
    const rs = replicas(3);
    const t = (reps: Replica[], priority: number) => ({ upstreamModel: "x", replicas: reps, policy: leastOutstanding(), weight: 1, priority });
    const router = new ModelRouter([t([rs[0]!, rs[1]!], 0), t([rs[2]!], 1)]);
    rs[0]!.healthy = false;
    expect(router.route(ctx(), undefined, 0)!.replica.id).toBe("r1");
    expect(router.route(ctx(), new Set([rs[1]!]), 0)!.replica.id).toBe("r2");
    rs[1]!.pausedUntil = 100;
    expect(router.route(ctx(), undefined, 50)!.replica.id).toBe("r2");
    expect(router.route(ctx(), undefined, 100)!.replica.id).toBe("r1");
  });

  it("respects a replica's maxOutstanding", () => {
    const r = new Replica({ id: "x", send: () => Promise.reject(new Error()) }, 0, 2, new CircuitBreaker(5, 1000));
    r.outstanding = 2;
    expect(r.available(0)).toBe(false);
  });
});
