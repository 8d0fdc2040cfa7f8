import type { MiddlewareHandler } from "hono";

/** Names a browser may use for a studio bound to this machine. */
export const LOOPBACK_HOSTS: readonly string[] = ["127.0.0.1", "localhost", "[::1]", "::1"];

/**
 * Refuses requests a web page on another site could make. A studio on 127.0.0.1 is still reachable from
 * any page the user opens: through DNS rebinding (a hostile name resolving to 127.0.0.1, so the
 * browser treats the studio as that site) and through simple cross-site POSTs, which need no preflight.
 * So the Host must be one of `hosts` (403 otherwise), an Origin, when sent, must name one too, and a
 * POST must say it carries JSON (415), which a cross-site form cannot without a preflight.
 */
export function sameSiteOnly(hosts: readonly string[]): MiddlewareHandler {
  const allowed = new Set(hosts.map((h) => h.toLowerCase()));
  return async (c, next) => {
    const host = new URL(c.req.url).hostname.toLowerCase();
    const origin = c.req.header("origin");
    if (!allowed.has(host) || (origin !== undefined && !allowed.has(hostnameOf(origin)))) {
      return c.json({ error: `refused: the studio answers only requests to ${hosts.join(", ")} (start it with --host to serve another name)` }, 403);
    }
    if (c.req.method === "POST" && !/^application\/json\b/i.test(c.req.header("content-type") ?? "")) {
      return c.json({ error: "a POST must be sent as content-type: application/json" }, 415);
    }
    await next();
  };
}

function hostnameOf(origin: string): string {
  try {
    return new URL(origin).hostname.toLowerCase();
  } catch {
    return "";
  }
}
