/**
 * Brings streamed tool-call deltas to OpenAI's incremental form, whatever the server sent:
 *   first delta of a call: { index, id, type: "function", function: { name, arguments } }
 *   later deltas:          { index, function: { arguments: <only the new characters> } }
 * Servers differ (vLLM's parsers, llama.cpp, Ollama): some omit `index` or `id` on later chunks, some resend the
 * name, some resend the whole argument string so far ("cumulative"). State is per choice and per call.
 */
export type ArgumentsMode = "auto" | "incremental" | "cumulative";

interface CallState {
  id: string;
  args: string;
}

interface RawToolCall {
  index?: number;
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
}

export class ToolCallNormalizer {
  /** choice index → calls by their index */
  private readonly choices = new Map<number, CallState[]>();
  private readonly lastIndex = new Map<number, number>();
  private seq = 0;

  constructor(private readonly mode: ArgumentsMode = "auto", private readonly idPrefix = "call_") {}

  /** Normalises `delta.tool_calls` in place; returns false when nothing of the delta is left to send. */
  normalize(choiceIndex: number, delta: Record<string, unknown>): boolean {
    const raw = delta["tool_calls"] as RawToolCall[] | undefined;
    if (!Array.isArray(raw)) return true;
    let calls = this.choices.get(choiceIndex);
    if (calls === undefined) this.choices.set(choiceIndex, (calls = []));
    const out: Record<string, unknown>[] = [];
    for (const tc of raw) {
      const index = this.resolveIndex(choiceIndex, calls, tc);
      const fn = tc.function ?? {};
      const incoming = typeof fn.arguments === "string" ? fn.arguments : "";
      const state = calls[index];
      if (state === undefined) {
        const id = tc.id ?? `${this.idPrefix}${(this.seq++).toString(36)}${Date.now().toString(36)}`;
        calls[index] = { id, args: incoming };
        out.push({ index, id, type: "function", function: { name: fn.name ?? "", arguments: incoming } });
      } else {
        const added = this.newPart(state.args, incoming);
        state.args += added;
        if (added.length > 0) out.push({ index, function: { arguments: added } });
      }
      this.lastIndex.set(choiceIndex, index);
    }
    if (out.length > 0) {
      delta["tool_calls"] = out;
      return true;
    }
    delete delta["tool_calls"];
    for (const k in delta) if (k !== "role" && delta[k] !== null && delta[k] !== undefined && delta[k] !== "") return true;
    return false;
  }

  /** Every call of a choice so far, with the full arguments (for the cache's stream replay and tests). */
  calls(choiceIndex: number): readonly CallState[] {
    return this.choices.get(choiceIndex) ?? [];
  }

  private resolveIndex(choice: number, calls: (CallState | undefined)[], tc: RawToolCall): number {
    if (typeof tc.index === "number") {
      // An index that points at a different call id than we know means the server numbers per chunk: trust the id.
      const known = calls[tc.index];
      if (tc.id === undefined || known === undefined || known.id === tc.id) return tc.index;
    }
    if (tc.id !== undefined) {
      const i = calls.findIndex((c) => c?.id === tc.id);
      return i >= 0 ? i : calls.length;
    }
    return this.lastIndex.get(choice) ?? 0;
  }

  private newPart(sofar: string, incoming: string): string {
    if (this.mode === "incremental" || sofar.length === 0) return incoming;
    if (this.mode === "cumulative") return incoming.startsWith(sofar) ? incoming.slice(sofar.length) : incoming;
    // auto: a chunk that repeats everything so far and is at least as long is a resend.
    return incoming.length >= sofar.length && incoming.startsWith(sofar) ? incoming.slice(sofar.length) : incoming;
  }
}
