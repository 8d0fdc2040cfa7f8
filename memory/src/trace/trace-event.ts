/**
 * Every memory write, decision and retrieval operator emits structured events, named noun-action
 * ("note-link", "note-evolve", "event-segment", "operator-end"), so the CLI, the studio and tests read
 * one vocabulary. Sinks are pluggable; the default keeps the last events in a ring buffer.
 */
export interface TraceEvent {
  /** noun-action */
  type: string;
  at: number;
  ns: string;
  /** Correlates the events of one call (one addEpisodes, one search). */
  runId: string;
  data: Record<string, unknown>;
}

export interface TraceSink {
  emit(event: TraceEvent): void;
}
