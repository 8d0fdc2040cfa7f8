import type { LangGraphRunnableConfig } from "@langchain/langgraph";

/**
 * Run and step ids from the LangGraph config a node receives. LangGraph puts the super-step and node name
 * in `metadata`; the run is the caller's `configurable.run_id` when given, else the thread, so events of
 * one conversation group together without the caller doing anything.
 */
export function runIds(config: LangGraphRunnableConfig | undefined, fallbackNode: string): { runId: string; stepId: string; node: string } {
  const configurable = (config?.configurable ?? {}) as Record<string, unknown>;
  const metadata = (config?.metadata ?? {}) as Record<string, unknown>;
  const runId = str(configurable.run_id) ?? str(configurable.thread_id) ?? str(config?.runId) ?? "run";
  const node = str(metadata.langgraph_node) ?? fallbackNode;
  const step = metadata.langgraph_step;
  return { runId, stepId: `${typeof step === "number" ? step : 0}:${node}`, node };
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}
