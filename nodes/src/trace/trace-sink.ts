/**
 * Trace events from memory nodes and tools. Deliberately tiny: the memory package grows its own tracer;
 * until the two meet, anything with `emit(event)` (a logger, an array, an OpenTelemetry bridge) is a sink.
 */
export interface TraceEvent {
  /** noun-action: "memory-write", "memory-retrieve", "memory-spread", "task-update", "tool-call". */
  name: string;
  /** One graph invocation (the LangGraph thread id unless the caller passes `configurable.run_id`). */
  runId: string;
  /** One super-step and node of that run: `${langgraph_step}:${langgraph_node}`. */
  stepId: string;
  /** The node or tool that emitted it. */
  node: string;
  at: number;
  ns: string;
  /** Small, JSON-serialisable facts: ids written, hit count, duration. Never the memory text itself. */
  data: Record<string, unknown>;
}

export interface TraceSink {
  emit(event: TraceEvent): void;
}

/** Drops everything; the default, so tracing costs nothing unless asked for. */
export const noTrace: TraceSink = { emit: () => undefined };

/** Keeps events in an array, for tests and for printing a run's trace afterwards. */
export class CollectingSink implements TraceSink {
  readonly events: TraceEvent[] = [];
  emit(event: TraceEvent): void {
    this.events.push(event);
  }
}
