/**
 * Merges concurrent single-input embedding requests for the same model (and the same options) into one
 * upstream batch, then splits the answer back. A batch leaves when it has `maxInputs` inputs or `windowMs`
 * after its first input, whichever comes first — at most a couple of milliseconds added, in exchange for far
 * fewer upstream calls (servers batch well; no gateway merges separate requests). Token usage of the batch is
 * split among its requests in proportion to input length, exactly summing to the batch's total.
 */
export interface EmbeddingItem {
  object?: string;
  index: number;
  embedding: unknown;
}

export interface BatchResult {
  data: EmbeddingItem[];
  model?: string;
  usage?: { prompt_tokens?: number; total_tokens?: number };
}

export type SendBatch = (inputs: string[], options: Record<string, unknown>) => Promise<BatchResult>;

interface Waiter {
  input: string;
  resolve: (r: { item: EmbeddingItem; model: string | undefined; promptTokens: number }) => void;
  reject: (e: unknown) => void;
}

interface Pending {
  waiters: Waiter[];
  options: Record<string, unknown>;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class EmbeddingBatcher {
  private readonly pending = new Map<string, Pending>();
  private queued = 0;

  constructor(private readonly windowMs: number, private readonly maxInputs: number, private readonly send: SendBatch, private readonly onBatch?: (size: number) => void) {}

  /** Inputs waiting for their batch to leave. */
  get queueDepth(): number {
    return this.queued;
  }

  /** `key` separates batches that must not mix (model, dimensions, encoding format, API key). */
  submit(key: string, input: string, options: Record<string, unknown>): Promise<{ item: EmbeddingItem; model: string | undefined; promptTokens: number }> {
    return new Promise((resolve, reject) => {
      let p = this.pending.get(key);
      if (p === undefined) {
        p = { waiters: [], options, timer: undefined };
        this.pending.set(key, p);
        const batch = p;
        p.timer = setTimeout(() => this.flush(key, batch), this.windowMs);
      }
      p.waiters.push({ input, resolve, reject });
      this.queued++;
      if (p.waiters.length >= this.maxInputs) this.flush(key, p);
    });
  }

  private flush(key: string, p: Pending): void {
    if (this.pending.get(key) !== p) return;
    this.pending.delete(key);
    clearTimeout(p.timer);
    const waiters = p.waiters;
    this.queued -= waiters.length;
    this.onBatch?.(waiters.length);
    this.send(waiters.map((w) => w.input), p.options).then(
      (res) => split(res, waiters),
      (error: unknown) => {
        // A batch the server refuses as a request (one input too long) is one caller's fault: each input
        // goes again alone, so only that caller gets the refusal. Other failures hit everyone alike.
        if (waiters.length > 1 && isRequestError(error)) {
          for (const w of waiters) this.send([w.input], p.options).then((res) => split(res, [w]), (alone: unknown) => w.reject(alone));
          return;
        }
        for (const w of waiters) w.reject(error);
      },
    );
  }
}

/** A 4xx other than 408/425/429: the request itself was refused, not the moment or the server. */
function isRequestError(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" && status >= 400 && status < 500 && ![408, 425, 429].includes(status);
}

function split(res: BatchResult, waiters: Waiter[]): void {
  const byIndex = new Array<EmbeddingItem | undefined>(waiters.length);
  for (const d of res.data ?? []) if (d.index >= 0 && d.index < waiters.length) byIndex[d.index] = d;
  const total = res.usage?.prompt_tokens ?? 0;
  let chars = 0;
  for (const w of waiters) chars += w.input.length;
  let given = 0;
  let acc = 0;
  waiters.forEach((w, i) => {
    acc += w.input.length;
    // Largest-remainder by prefix sums: shares are proportional and sum exactly to `total`.
    const upTo = chars === 0 ? Math.round((total * (i + 1)) / waiters.length) : Math.round((total * acc) / chars);
    const share = upTo - given;
    given = upTo;
    const item = byIndex[i];
    if (item === undefined) w.reject(new Error(`upstream returned no embedding for batch index ${i}`));
    else w.resolve({ item: { ...item, index: 0 }, model: res.model, promptTokens: share });
  });
}
