/** Small config builders for tests: one chat model over the given upstream URLs, fast timers. */
import type { GatewayConfigInput } from "../config/schema.js";

export function chatConfig(urls: string[], over: Partial<GatewayConfigInput> & { routing?: Record<string, unknown> } = {}): GatewayConfigInput {
  const { routing, ...rest } = over;
  return {
    upstreams: urls.map((url, i) => ({ id: `r${i}`, url })),
    models: [{ name: "m", targets: [{ upstreams: urls.map((_, i) => `r${i}`), model: "up-model" }], routing: routing as never }],
    limits: { retry: { baseDelayMs: 1, maxDelayMs: 5 } },
    ...rest,
  };
}
