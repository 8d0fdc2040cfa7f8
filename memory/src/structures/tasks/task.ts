/**
 * Task Memory Engine — the task memory tree (Ye, "Task Memory Engine (TME): A Structured Memory
 * Framework with Graph-Aware Extensions for Multi-Step LLM Agent Tasks", arXiv 2504.08525; v2 "Spatial
 * Memory for Robust Multi-Step LLM Agents", arXiv 2505.19436).
 *
 * A task is a node of kind "task": text = its goal (so tasks are searchable like any memory), attrs =
 * status, input, output. `child` edges parent → child form the tree (TME v1's TMT); `depends_on` edges
 * task → prerequisite make it a DAG (v2's shared dependencies). Every change is a new node version with
 * a reason, which is TME v2's per-node value history without a separate list.
 */
import type { MemoryNode } from "../../model/node.js";

export const TASK_KIND = "task";
export const CHILD_EDGE = "child";
export const DEPENDS_ON_EDGE = "depends_on";

export const TASK_STATUSES = ["pending", "active", "done", "failed", "stale"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface Task {
  id: string;
  goal: string;
  status: TaskStatus;
  /** JSON values, as the caller gave them. */
  input?: unknown;
  output?: unknown;
  /** Why it failed, when it did. */
  error?: string;
  /** When the status last changed (the memory's clock). */
  statusAt: number;
  version: number;
  node: MemoryNode;
}

export function toTask(node: MemoryNode): Task {
  const a = node.attrs;
  const task: Task = {
    id: node.id, goal: node.text ?? "", status: a["status"] as TaskStatus,
    statusAt: typeof a["statusAt"] === "number" ? a["statusAt"] : node.time.recordedAt, version: node.version, node,
  };
  if (a["input"] !== undefined) task.input = a["input"];
  if (a["output"] !== undefined) task.output = a["output"];
  if (typeof a["error"] === "string") task.error = a["error"];
  return task;
}

export function isLiveTask(node: MemoryNode, now: number): boolean {
  return node.kind === TASK_KIND && (node.time.validTo === null || node.time.validTo > now) && node.time.expiredAt === null;
}
