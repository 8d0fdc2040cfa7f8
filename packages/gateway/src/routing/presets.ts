/** One-liner presets: a policy name from the config → a factory. Custom policies plug in through `policies`. */
import type { RoutingConfig } from "../config/schema.js";
import { leastOutstanding } from "./least-outstanding.js";
import type { PolicyFactory, RoutingPolicy } from "./policy.js";
import { prefixAware } from "./prefix-aware.js";
import type { PrefixIndex } from "./prefix-index.js";
import { randomPolicy, roundRobin } from "./round-robin.js";
import { withSessionAffinity } from "./session-affinity.js";

export const presets = {
  leastOutstanding: (): PolicyFactory => leastOutstanding,
  roundRobin: (): PolicyFactory => roundRobin,
  random: (): PolicyFactory => () => randomPolicy(),
  prefixAware: (index: PrefixIndex, o: { cacheWeight?: number; loadSlack?: number } = {}): PolicyFactory => () => prefixAware({ index, ...o }),
};

/** The policy a model's `routing` section describes, or `custom` (injected in code) in its place. */
export function policyFromConfig(routing: RoutingConfig, index: PrefixIndex, sessionsMax: number, custom?: PolicyFactory): RoutingPolicy {
  const factory = custom ?? (
    routing.policy === "prefix-aware" ? presets.prefixAware(index, routing.prefix)
      : routing.policy === "round-robin" ? presets.roundRobin()
        : routing.policy === "random" ? presets.random()
          : presets.leastOutstanding());
  const policy = factory();
  return routing.sessionAffinity ? withSessionAffinity(policy, { maxEntries: sessionsMax }) : policy;
}
