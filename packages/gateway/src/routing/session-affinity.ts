/**
 * Session affinity as a wrapper around any policy: a session stays on the replica it was routed to (its
 * conversation's KV cache is there) while that replica is available and within `slack` outstanding requests of
 * the least loaded candidate; otherwise the inner policy decides and the session moves. The session table is
 * an LRU with a hard cap.
 */
import type { RoutingPolicy, RouteContext } from "./policy.js";
import type { Replica } from "./replica.js";

export interface SessionAffinityOptions {
  maxEntries: number;
  slack?: number;
}

export function withSessionAffinity(inner: RoutingPolicy, options: SessionAffinityOptions): RoutingPolicy {
  const sessions = new Map<string, Replica>();
  const slack = options.slack ?? 8;
  return {
    name: `${inner.name}+session`,
    pick(candidates: readonly Replica[], ctx: RouteContext): Replica {
      const s = ctx.session;
      if (s !== undefined) {
        const pinned = sessions.get(s);
        if (pinned !== undefined && candidates.includes(pinned)) {
          let min = Infinity;
          for (const r of candidates) if (r.load < min) min = r.load;
          if (pinned.load <= min + slack) return pinned;
        }
      }
      return inner.pick(candidates, ctx);
    },
    onRouted(replica: Replica, ctx: RouteContext): void {
      const s = ctx.session;
      if (s !== undefined && sessions.get(s) !== replica) {
        sessions.delete(s);
        sessions.set(s, replica);
        if (sessions.size > options.maxEntries) sessions.delete(sessions.keys().next().value!);
      }
      inner.onRouted?.(replica, ctx);
    },
  };
}
