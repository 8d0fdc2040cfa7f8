/**
 * The routing-policy port. A policy picks one replica among candidates that are all available; it never sees
 * unavailable ones. Policies are pluggable: implement `pick`, optionally `onRouted` to learn from decisions.
 */
import type { Replica } from "./replica.js";

export interface RouteContext {
  /** Chained hashes of the prompt's blocks (prefix-aware policies); computed once per request, lazily. */
  prefixHashes(): readonly number[];
  /** A session key (header or `user`), when the request has one. */
  session: string | undefined;
}

export interface RoutingPolicy {
  readonly name: string;
  /** `candidates` is non-empty. Must be fast and allocation-light: it runs on every request. */
  pick(candidates: readonly Replica[], ctx: RouteContext): Replica;
  /** Told the final choice (the request is being sent to `replica`). */
  onRouted?(replica: Replica, ctx: RouteContext): void;
}

/** Builds a policy for one model's replicas; factories let one config give each model its own state. */
export type PolicyFactory = () => RoutingPolicy;
