import type { MiddlewareHandler } from "hono";

/** Names a browser may use for a studio bound to this machine (as a URL's hostname gives them). */
export const LOOPBACK_HOSTS: readonly string[] = ["127.0.0.1", "localhost", "[::1]"];
/** Addresses that bind the studio to this machine only (as `--host` gives them). */
export const LOOPBACK_ADDRESSES: readonly string[] = ["127.0.0.1", "localhost", "::1"];

/**
 * Refuses requests a web page on another site could make. A studio is reachable from any page the
 * user opens: through DNS rebinding (a hostile name resolving to the studio's address, so the browser
 * treats the studio as that site) and through simple cross-site POSTs, which need no preflight. So:
 * - the Host must be one of `hosts` (403), unless "any": a studio bound wider answers the names its proxy gives it;
 * - an Origin, when sent, must name an allowed host with the request's scheme and port, or with "any" the very host the request was sent to (403);
 * - a POST must say it carries JSON (415), which a cross-site form cannot without a preflight.
 */
export function sameSiteOnly(hosts: readonly string[] | "any"): MiddlewareHandler {
  const allowed = hosts === "any" ? undefined : new Set(hosts.map((h) => h.toLowerCase()));
  return async (c, next) => {
    const url = new URL(c.req.url);
    const origin = c.req.header("origin");
    const hostOk = allowed === undefined || allowed.has(url.hostname.toLowerCase());
    const from = origin === undefined ? undefined : parsed(origin);
    // Same port too: another local server's pages (a dev server on :3000) are another site.
    const originOk = origin === undefined || (allowed ? allowed.has(from?.hostname ?? "") && from?.port === url.port && from?.protocol === url.protocol : from?.host === url.host.toLowerCase());
    if (!hostOk || !originOk) {
      const names = allowed ? [...allowed].join(", ") : "the host it was sent to";
      return c.json({ error: `refused: the studio answers only requests to ${names}, from pages of the same site` }, 403);
    }
    if (c.req.method === "POST" && !/^application\/json\b/i.test(c.req.header("content-type") ?? "")) {
      return c.json({ error: "a POST must be sent as content-type: application/json" }, 415);
    }
    await next();
  };
}

function parsed(origin: string): URL | undefined {
  try {
    const url = new URL(origin);
    return url.hostname ? url : undefined;
  } catch {
    return undefined;
  }
}
