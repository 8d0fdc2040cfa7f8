import { z } from "zod";
import { parseInput, sourceInputSchema } from "@hippograph/memory";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { emitTrace } from "../trace/emit.js";
import { baseOptionsSchema, channelSchema, requireMemory, resolveNs, shownNs, type AnyState, type NodeRuntime, type StateUpdate } from "./node-options.js";
import { planTaskSchema, writeTasks } from "./task-writes.js";

const optionsSchema = baseOptionsSchema.extend({
  from: channelSchema.default("plan"),
  to: channelSchema.default("written"),
  /** Provenance of the tasks (the agent that planned them). */
  source: sourceInputSchema.prefault({ id: "agent", type: "agent" }),
}).strict();

export type UpdateTasksNodeOptions = z.input<typeof optionsSchema> & NodeRuntime;

/** Stores the plan in `from` (PlanTask[]) as the task tree: one atomic write of task nodes and their edges. */
export function updateTasksNode(options: UpdateTasksNodeOptions) {
  const { memory, trace } = requireMemory(options, "updateTasksNode");
  const { memory: _m, trace: _t, ...rest } = options;
  const o = parseInput(optionsSchema, rest, "updateTasksNode", "options");
  return async (state: AnyState, config?: LangGraphRunnableConfig): Promise<StateUpdate> => {
    const ns = resolveNs(o.ns, config);
    const plan = parseInput(z.array(planTaskSchema).max(1000), state[o.from] ?? [], "updateTasksNode", o.from);
    if (plan.length === 0) return {};
    await writeTasks(memory, ns, plan, o.source, "plan updated");
    const ids = plan.map((t) => t.id);
    emitTrace(trace, config, o.name ?? "update_tasks", "task-update", shownNs(ns), {
      ids, done: plan.filter((t) => t.status === "done").length, total: plan.length,
    });
    return { [o.to]: ids };
  };
}
