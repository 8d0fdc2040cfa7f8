export { TaskTree, taskTree, type TaskRevision } from "./task-tree.js";
export { TASK_STATUSES, type Task, type TaskStatus } from "./task.js";
export type { AddTaskInput, CompleteInput as TaskCompleteInput, FailInput as TaskFailInput, StartInput as TaskStartInput, ReviseInput as TaskReviseInput, ContextOptions as TaskContextOptions } from "./inputs.js";
export type { ReviseResult as TaskReviseResult } from "./revise.js";
export type { TaskRelations } from "./relations.js";
export type { RenderedContext as TaskContext, DroppedPart as TaskContextDropped } from "./render-context.js";
