/**
 * Active health checks: every `intervalMs`, each replica's probe; a failed probe takes the replica out of
 * routing until one succeeds. Timers are unref'd, so a gateway never keeps a process alive by itself.
 */
import type { Replica } from "../routing/replica.js";

export function startHealthChecks(replicas: readonly Replica[], intervalMs: number, timeoutMs: number): () => void {
  if (intervalMs <= 0) return () => undefined;
  let running = false;
  const check = async () => {
    if (running) return;
    running = true;
    await Promise.all(replicas.map(async (r) => {
      if (!r.upstream.probe) return;
      try {
        r.healthy = await r.upstream.probe(AbortSignal.timeout(timeoutMs));
      } catch {
        r.healthy = false;
      }
    }));
    running = false;
  };
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  void check();
  return () => clearInterval(timer);
}
