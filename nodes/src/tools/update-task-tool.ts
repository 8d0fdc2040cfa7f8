import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { planTaskSchema, writeTasks } from "../memory-nodes/task-writes.js";
import { toolRuntime, type MemoryToolOptions } from "./tool-options.js";

const schema = z.object({
  id: z.string().min(1).max(100).describe("stable task id, e.g. 'write-report'"),
  title: z.string().min(1).max(2000).describe("what the task is"),
  status: z.enum(["todo", "doing", "done", "blocked"]).describe("the task's status now"),
  parent: z.string().min(1).max(100).optional().describe("id of the parent task, if this is a subtask"),
  dependsOn: z.array(z.string().min(1).max(100)).max(16).optional().describe("ids of tasks that must finish first"),
  result: z.string().max(8000).optional().describe("outcome, when done"),
});

/** `update_task`: creates or updates one task of the task tree (same write as the update-tasks node). */
export function updateTaskTool(options: MemoryToolOptions) {
  const rt = toolRuntime(options, "updateTaskTool");
  return tool(async (input, config) => {
    const ns = rt.ns(config);
    const task = planTaskSchema.parse(input);
    await writeTasks(rt.memory, ns, [task], rt.source, "update_task tool");
    rt.trace(config, "update_task", ns, { ids: [task.id], status: task.status });
    return JSON.stringify({ id: task.id, status: task.status });
  }, { name: "update_task", description: "Create or update a task in the plan (task tree).", schema });
}
