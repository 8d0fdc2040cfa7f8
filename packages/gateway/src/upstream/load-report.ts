/**
 * Load as the model server itself reports it, from its Prometheus text (vLLM, SGLang): requests running and
 * waiting, and KV-cache usage. Our own outstanding count misses what other gateway instances and direct
 * clients send; this sees it, a polling interval late.
 */
export interface LoadReport {
  running: number;
  waiting: number;
  /** KV-cache usage, 0..1. */
  kvUsage: number;
}

const NAMES = {
  running: ["vllm:num_requests_running", "sglang:num_running_reqs"],
  waiting: ["vllm:num_requests_waiting", "sglang:num_queue_reqs"],
  kvUsage: ["vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc", "sglang:token_usage"],
} as const;

/** Sums each metric over its label sets (one per model served); undefined when none of the names appears. */
export function parseLoadReport(text: string): LoadReport | undefined {
  const found: Record<keyof LoadReport, number | undefined> = { running: undefined, waiting: undefined, kvUsage: undefined };
  for (const line of text.split("\n")) {
    if (line.length === 0 || line.charCodeAt(0) === 35 /* # */) continue;
    for (const key of ["running", "waiting", "kvUsage"] as const) {
      const name = NAMES[key].find((n) => line.startsWith(n) && (line[n.length] === " " || line[n.length] === "{"));
      if (name === undefined) continue;
      const value = Number(line.slice(line.lastIndexOf(" ") + 1));
      if (!Number.isFinite(value)) continue;
      // kv usage: the first name found wins (vLLM exports two spellings of the same gauge).
      if (key === "kvUsage") found.kvUsage = Math.max(found.kvUsage ?? 0, value);
      else found[key] = (found[key] ?? 0) + value;
    }
  }
  if (found.running === undefined && found.waiting === undefined && found.kvUsage === undefined) return undefined;
  return { running: found.running ?? 0, waiting: found.waiting ?? 0, kvUsage: Math.min(1, found.kvUsage ?? 0) };
}
