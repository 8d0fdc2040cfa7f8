/**
 * Routes one model's requests: first a target (a provider or a group of replicas) — weighted among the
 * targets of the lowest priority that still has an available replica, higher priorities being fallbacks —
 * then a replica inside it by the target's policy. Replicas already tried by this request are skipped while
 * others remain. Synchronous and allocation-light: candidates go into a reused scratch array.
 */
import type { RoutingPolicy, RouteContext } from "./policy.js";
import type { Replica } from "./replica.js";

export interface Target {
  /** The model name sent upstream. */
  upstreamModel: string;
  replicas: readonly Replica[];
  policy: RoutingPolicy;
  weight: number;
  priority: number;
}

export interface Route {
  target: Target;
  replica: Replica;
}

export class ModelRouter {
  /** Targets grouped by priority, lowest first. */
  private readonly tiers: Target[][];
  private readonly scratch: Replica[] = [];
  private readonly weights: number[] = [];

  constructor(targets: readonly Target[], private readonly random: () => number = Math.random) {
    const byPriority = new Map<number, Target[]>();
    for (const t of targets) byPriority.set(t.priority, [...(byPriority.get(t.priority) ?? []), t]);
    this.tiers = [...byPriority.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
  }

  get targets(): readonly Target[] {
    return this.tiers.flat();
  }

  /** A route, or undefined when no replica of any target is available. */
  route(ctx: RouteContext, tried: ReadonlySet<Replica> | undefined, now: number): Route | undefined {
    return this.pick(ctx, tried, now) ?? (tried && tried.size > 0 ? this.pick(ctx, undefined, now) : undefined);
  }

  private pick(ctx: RouteContext, tried: ReadonlySet<Replica> | undefined, now: number): Route | undefined {
    for (const tier of this.tiers) {
      const target = tier.length === 1 ? (this.usable(tier[0]!, tried, now) ? tier[0]! : undefined) : this.weighted(tier, tried, now);
      if (target === undefined) continue;
      const candidates = this.candidates(target, tried, now);
      const replica = candidates.length === 1 ? candidates[0]! : target.policy.pick(candidates, ctx);
      candidates.length = 0;
      target.policy.onRouted?.(replica, ctx);
      return { target, replica };
    }
    return undefined;
  }

  private usable(t: Target, tried: ReadonlySet<Replica> | undefined, now: number): boolean {
    for (const r of t.replicas) if (r.available(now) && !tried?.has(r)) return true;
    return false;
  }

  private weighted(tier: readonly Target[], tried: ReadonlySet<Replica> | undefined, now: number): Target | undefined {
    let sum = 0;
    const w = this.weights;
    for (let i = 0; i < tier.length; i++) {
      w[i] = this.usable(tier[i]!, tried, now) ? tier[i]!.weight : 0;
      sum += w[i]!;
    }
    if (sum === 0) return undefined;
    let x = this.random() * sum;
    for (let i = 0; i < tier.length; i++) {
      x -= w[i]!;
      if (x < 0 && w[i]! > 0) return tier[i];
    }
    for (let i = tier.length - 1; i >= 0; i--) if (w[i]! > 0) return tier[i];
    return undefined;
  }

  private candidates(t: Target, tried: ReadonlySet<Replica> | undefined, now: number): Replica[] {
    const out = this.scratch;
    out.length = 0;
    for (const r of t.replicas) if (r.available(now) && !tried?.has(r)) out.push(r);
    return out;
  }
}
