/**
 * The client side of a streamed response: a byte stream that chunks are written to as they arrive (nothing is
 * buffered beyond the stream's own queue), with keep-alive comments while no data flows, and a "commit" point
 * — the first byte — before which the gateway may still answer with an HTTP error status instead.
 * Back-pressure: `write` resolves only when the client has room, so a slow client slows the upstream read
 * instead of growing memory. Cancelling the stream (client gone) calls `onCancel`.
 */
const encoder = new TextEncoder();
const KEEP_ALIVE = encoder.encode(": keep-alive\n\n");
const DONE = encoder.encode("data: [DONE]\n\n");
const HIGH_WATER = 32;

export class SseSink {
  readonly stream: ReadableStream<Uint8Array>;
  /** Some byte (data or keep-alive) was sent: the HTTP status is fixed. */
  committed = false;
  /** A data event was sent: the answer has begun, so no fallback can hide a failure any more. */
  sentData = false;
  closed = false;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private drain: (() => void) | undefined;
  private lastWrite = Date.now();
  private keepAlive: ReturnType<typeof setInterval> | undefined;

  constructor(keepAliveMs: number, private readonly onCommit: () => void, onCancel: (reason: unknown) => void) {
    this.stream = new ReadableStream<Uint8Array>({
      start: (c) => void (this.controller = c),
      pull: () => {
        const d = this.drain;
        this.drain = undefined;
        d?.();
      },
      cancel: (reason) => {
        this.finish();
        onCancel(reason);
      },
    }, { highWaterMark: HIGH_WATER });
    if (keepAliveMs > 0) {
      // One interval per stream, checked against the last write: cheaper than re-arming a timer per chunk.
      this.keepAlive = setInterval(() => {
        if (Date.now() - this.lastWrite >= keepAliveMs) this.enqueue(KEEP_ALIVE);
      }, Math.max(1, Math.floor(keepAliveMs / 2)));
    }
  }

  /**
   * Sends one `data:` event, then waits while the reader is behind. `signal` ends the wait: a request
   * cancelled while nobody reads its body (an in-process caller that aborts and drops the response)
   * must still end its attempt and give back its replica slot.
   */
  async data(json: string, signal?: AbortSignal): Promise<void> {
    this.sentData = true;
    this.enqueue(encoder.encode(`data: ${json}\n\n`));
    if (this.controller.desiredSize !== null && this.controller.desiredSize <= 0 && !this.closed && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        this.drain = resolve;
        signal?.addEventListener("abort", () => resolve(), { once: true });
      });
    }
  }

  /** The clean end: `[DONE]`, then close. */
  done(): void {
    this.enqueue(DONE);
    this.close();
  }

  /** The unclean end: an `error` event (OpenAI's error shape) and no `[DONE]`, so no client mistakes it for a finish. */
  fail(body: string): void {
    this.enqueue(encoder.encode(`event: error\ndata: ${body}\n\n`));
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.finish();
    try {
      this.controller.close();
    } catch {
      /* already cancelled by the client */
    }
  }

  private enqueue(bytes: Uint8Array): void {
    if (this.closed) return;
    this.lastWrite = Date.now();
    try {
      this.controller.enqueue(bytes);
    } catch {
      return;
    }
    if (!this.committed) {
      this.committed = true;
      this.onCommit();
    }
  }

  private finish(): void {
    this.closed = true;
    if (this.keepAlive !== undefined) clearInterval(this.keepAlive);
    const d = this.drain;
    this.drain = undefined;
    d?.();
  }
}
