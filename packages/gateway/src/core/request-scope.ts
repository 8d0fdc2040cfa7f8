/**
 * Per-request plumbing: one AbortController that the client's signal (disconnect, AbortSignal) and the total
 * deadline both trip, and the lazily computed route context (prefix hashes only when a policy asks for them).
 */
import { GatewayError } from "../errors.js";
import type { RouteContext } from "../routing/policy.js";
import { prefixHashes } from "../routing/prefix-hash.js";
import type { CloseSource, ModelEntry } from "./gateway-core.js";
import { renderPrompt, type Json } from "./prompt.js";

export class RequestScope {
  readonly ac = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onClientAbort: (() => void) | undefined;

  constructor(private readonly clientSignal: AbortSignal | undefined, totalMs: number, private readonly closeSource?: CloseSource) {
    if (totalMs > 0) this.timer = setTimeout(() => this.ac.abort(new GatewayError("TIMEOUT", `request exceeded the total timeout of ${totalMs} ms`)), totalMs);
    if (clientSignal) {
      if (clientSignal.aborted) this.ac.abort(new GatewayError("ABORTED", "the client cancelled the request"));
      else clientSignal.addEventListener("abort", (this.onClientAbort = () => this.cancel()), { once: true });
    } else if (closeSource) closeSource.once("close", (this.onClientAbort = () => this.cancel()));
  }

  get signal(): AbortSignal {
    return this.ac.signal;
  }

  cancel(): void {
    if (!this.ac.signal.aborted) this.ac.abort(new GatewayError("ABORTED", "the client cancelled the request"));
  }

  end(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.onClientAbort) {
      this.clientSignal?.removeEventListener("abort", this.onClientAbort);
      this.closeSource?.off("close", this.onClientAbort);
    }
  }
}

export function routeContext(model: ModelEntry, path: string, body: Json, session: string | undefined): RouteContext {
  let hashes: number[] | undefined;
  const { blockChars, maxBlocks } = model.config.routing.prefix;
  return {
    session,
    prefixHashes: () => (hashes ??= path === "/v1/embeddings" ? [] : prefixHashes(renderPrompt(path, body), blockChars, maxBlocks, model.name)),
  };
}
