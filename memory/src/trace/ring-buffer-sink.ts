import type { TraceEvent, TraceSink } from "./trace-event.js";

/** Keeps the most recent events in memory; what tests and the CLI read when nothing else is configured. */
export class RingBufferSink implements TraceSink {
  private readonly buffer: (TraceEvent | undefined)[];
  private next = 0;
  private size = 0;

  constructor(readonly capacity = 10_000) {
    this.buffer = new Array<TraceEvent | undefined>(capacity);
  }

  emit(event: TraceEvent): void {
    this.buffer[this.next] = event;
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** Oldest first. */
  events(filter?: { type?: string; runId?: string }): TraceEvent[] {
    const out: TraceEvent[] = [];
    for (let i = 0; i < this.size; i++) {
      const e = this.buffer[(this.next - this.size + i + this.capacity) % this.capacity]!;
      if ((!filter?.type || e.type === filter.type) && (!filter?.runId || e.runId === filter.runId)) out.push(e);
    }
    return out;
  }

  clear(): void {
    this.size = 0;
  }
}
