/** Round robin and uniform random: baselines, and the right choice for identical stateless replicas. */
import type { RoutingPolicy } from "./policy.js";
import type { Replica } from "./replica.js";

export function roundRobin(): RoutingPolicy {
  let next = 0;
  return { name: "round-robin", pick: (c: readonly Replica[]) => c[next++ % c.length]! };
}

export function randomPolicy(random: () => number = Math.random): RoutingPolicy {
  return { name: "random", pick: (c: readonly Replica[]) => c[Math.floor(random() * c.length)]! };
}
