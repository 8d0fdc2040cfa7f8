/**
 * wink-nlp with its English lite model, and chrono-node, loaded once and only when first needed:
 * together they cost ~100 ms to over a second to load, which a process that never extracts should not
 * pay at import time.
 */
import type * as Chrono from "chrono-node/en";
import type { WinkMethods } from "wink-nlp";

export interface NlpRuntime {
  nlp: WinkMethods;
  chrono: typeof Chrono;
}

let loading: Promise<NlpRuntime> | undefined;

export function loadNlpRuntime(): Promise<NlpRuntime> {
  loading ??= (async () => {
    const [{ default: winkNLP }, { default: model }, chrono] = await Promise.all([
      import("wink-nlp"),
      import("wink-eng-lite-web-model"),
      import("chrono-node/en"),
    ]);
    // Only what extraction reads: sentence breaks, POS tags (lemmas derive from them) and wink's
    // rule-based entities (DATE, TIME…). Sentiment and negation are skipped for speed.
    return { nlp: winkNLP(model, ["sbd", "pos", "ner"]), chrono };
  })();
  // A failed load (a missing package) is reported to every caller, and retried by the next one.
  loading.catch(() => (loading = undefined));
  return loading;
}
