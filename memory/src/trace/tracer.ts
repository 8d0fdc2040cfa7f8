import { newId } from "../model/ids.js";
import type { TraceEvent, TraceSink } from "./trace-event.js";

/** Stamps events with one run id and the namespace; a no-op sink costs one branch per event. */
export class Tracer {
  readonly runId: string;

  constructor(private readonly sink: TraceSink | undefined, readonly ns: string, private readonly clock: () => number = Date.now, runId = newId()) {
    this.runId = runId;
  }

  emit(type: string, data: Record<string, unknown>): void {
    if (!this.sink) return;
    const event: TraceEvent = { type, at: this.clock(), ns: this.ns, runId: this.runId, data };
    this.sink.emit(event);
  }
}
