import { graph } from "@hippograph/graphs";

/**
 * A multi-step task agent, written with the TypeScript builder (the same graph could be a YAML spec).
 * The planner's steps become the task tree in memory (goal → child steps, each depending on the one
 * before); the worker loop takes the next open step, does it, and records the result in the tree.
 */
export const taskAgent = graph("task-agent", "Plans a goal into steps kept in the task tree, then works through them")
  .channel("messages", { type: "messages" })
  .channel("plan", { type: "array", description: "the plan as PlanTask[]; mirrored into memory by save_plan/save_progress" })
  .channel("current", { type: "string", description: "id of the step being worked on" })
  .channel("remaining", { type: "number", default: 0 })
  .channel("written", { type: "array", reducer: "append" })
  .llm("planner", { model: "planner", system: 'Break the user\'s goal into 2-5 steps. Reply with JSON only: [{"id": "kebab-id", "title": "..."}]' })
  .fn("read_plan", "readPlan")
  .memory("save_plan", "update_tasks")
  .fn("next_task", "nextTask")
  .llm("worker", { model: "worker", system: "You are doing one step of a plan. The step: {current}\nThe plan:\n{plan}\nReply with the step's result." })
  .fn("finish_task", "finishTask")
  .memory("save_progress", "update_tasks")
  .router("more", [{ when: { channel: "remaining", op: "gt", value: 0 }, to: "next_task" }], "END")
  .edge("START", "planner", "read_plan", "save_plan", "next_task", "worker", "finish_task", "save_progress", "more")
  .recursionLimit(100);
