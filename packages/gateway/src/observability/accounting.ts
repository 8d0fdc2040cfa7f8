/**
 * Token accounting per API key and per model: prompt, completion and cached prompt tokens
 * (`usage.prompt_tokens_details.cached_tokens`), requests, errors, exact-cache hits. Plain numbers in maps:
 * a request costs two map lookups and a few additions.
 */
export interface Totals {
  requests: number;
  errors: number;
  cacheHits: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
}

export interface Usage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
}

export interface UsageSnapshot {
  byKey: Record<string, Totals>;
  byModel: Record<string, Totals>;
  byKeyAndModel: Record<string, Record<string, Totals>>;
}

const zero = (): Totals => ({ requests: 0, errors: 0, cacheHits: 0, promptTokens: 0, completionTokens: 0, cachedTokens: 0 });

export class Accounting {
  private readonly cells = new Map<string, Map<string, Totals>>();

  cell(key: string, model: string): Totals {
    let byModel = this.cells.get(key);
    if (byModel === undefined) this.cells.set(key, (byModel = new Map()));
    let t = byModel.get(model);
    if (t === undefined) byModel.set(model, (t = zero()));
    return t;
  }

  record(key: string, model: string, usage: Usage | undefined, outcome: "ok" | "error" | "cache-hit"): Totals {
    const t = this.cell(key, model);
    t.requests++;
    if (outcome === "error") t.errors++;
    else if (outcome === "cache-hit") t.cacheHits++;
    else if (usage) {
      t.promptTokens += usage.prompt_tokens ?? 0;
      t.completionTokens += usage.completion_tokens ?? 0;
      t.cachedTokens += usage.prompt_tokens_details?.cached_tokens ?? 0;
    }
    return t;
  }

  snapshot(): UsageSnapshot {
    const byKey: Record<string, Totals> = {};
    const byModel: Record<string, Totals> = {};
    const byKeyAndModel: Record<string, Record<string, Totals>> = {};
    for (const [key, models] of this.cells) {
      byKeyAndModel[key] = {};
      for (const [model, t] of models) {
        byKeyAndModel[key][model] = { ...t };
        add((byKey[key] ??= zero()), t);
        add((byModel[model] ??= zero()), t);
      }
    }
    return { byKey, byModel, byKeyAndModel };
  }
}

function add(a: Totals, b: Totals): void {
  a.requests += b.requests;
  a.errors += b.errors;
  a.cacheHits += b.cacheHits;
  a.promptTokens += b.promptTokens;
  a.completionTokens += b.completionTokens;
  a.cachedTokens += b.cachedTokens;
}
