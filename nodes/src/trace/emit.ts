import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { runIds } from "./run-ids.js";
import type { TraceSink } from "./trace-sink.js";

/** Emits one event stamped with the run and step the config names. A failing sink never fails the graph. */
export function emitTrace(
  sink: TraceSink, config: LangGraphRunnableConfig | undefined, fallbackNode: string,
  name: string, ns: string, data: Record<string, unknown>,
): void {
  try {
    sink.emit({ name, ...runIds(config, fallbackNode), at: Date.now(), ns, data });
  } catch {
    // Tracing is observation only: losing an event is better than losing the run.
  }
}
