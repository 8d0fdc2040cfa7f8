/**
 * Active health checks: every `intervalMs`, each replica's probe; a failed probe takes the replica out of
 * routing until one succeeds. Replicas that export their load (running/waiting requests, KV usage) are read in
 * the same round. Timers are unref'd, so a gateway never keeps a process alive by itself.
 */
import type { Replica } from "../routing/replica.js";

export function startHealthChecks(replicas: readonly Replica[], intervalMs: number, timeoutMs: number): () => void {
  if (intervalMs <= 0) return () => undefined;
  let running = false;
  const check = async () => {
    if (running) return;
    running = true;
    await Promise.all(replicas.map(async (r) => {
      if (!r.upstream.probe && !r.upstream.loadReport) return;
      try {
        if (r.upstream.probe) r.healthy = await r.upstream.probe(AbortSignal.timeout(timeoutMs));
      } catch {
        r.healthy = false;
      }
      if (!r.healthy || !r.upstream.loadReport) return;
      try {
        const report = await r.upstream.loadReport(AbortSignal.timeout(timeoutMs));
        r.reported = report ? report.running + report.waiting : 0;
        r.kvUsage = report?.kvUsage ?? 0;
      } catch {
        r.reported = 0; // unknown: fall back to our own count
      }
    }));
    running = false;
  };
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  void check();
  return () => clearInterval(timer);
}
