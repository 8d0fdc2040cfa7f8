/**
 * wink-nlp with its English lite model, loaded once and only when first needed: the model costs
 * ~100 ms and several MB, which a process that never extracts should not pay at import time.
 */
import type { WinkMethods } from "wink-nlp";

let loading: Promise<WinkMethods> | undefined;

export function loadWink(): Promise<WinkMethods> {
  loading ??= (async () => {
    const [{ default: winkNLP }, { default: model }] = await Promise.all([
      import("wink-nlp"),
      import("wink-eng-lite-web-model"),
    ]);
    // Only what extraction reads: sentence breaks, POS tags (lemmas derive from them) and wink's
    // rule-based entities (DATE, TIME…). Sentiment and negation are skipped for speed.
    return winkNLP(model, ["sbd", "pos", "ner"]);
  })();
  return loading;
}
