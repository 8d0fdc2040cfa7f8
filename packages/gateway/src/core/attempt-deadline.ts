import { UpstreamError } from "../errors.js";

/**
 * Runs one buffered attempt under its own deadline. The request's signal is the client's (and the
 * total timeout's): its abort is a cancel, not the replica's fault. Past `ms` the attempt fails as
 * a retryable TIMEOUT against the replica, so a hung replica trips its breaker and the request goes
 * to another, where the total timeout alone gave the client a 504 after minutes and blamed no one.
 */
export async function withAttemptDeadline<T>(signal: AbortSignal, ms: number, replica: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  if (ms <= 0) return run(signal);
  const ac = new AbortController();
  const cancel = () => ac.abort(signal.reason);
  signal.addEventListener("abort", cancel, { once: true });
  let expired: UpstreamError | undefined;
  const timer = setTimeout(() => {
    expired = new UpstreamError(`upstream ${replica}: no answer within ${ms} ms`, { code: "TIMEOUT", status: 504, retryable: true, replica });
    ac.abort(expired);
  }, ms);
  try {
    return await run(ac.signal);
  } catch (error) {
    throw expired !== undefined && !signal.aborted ? expired : error;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", cancel);
  }
}
