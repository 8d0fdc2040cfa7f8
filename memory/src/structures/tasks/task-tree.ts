/**
 * TME — the task memory tree (arXiv 2504.08525, v1 Task Memory Tree; arXiv 2505.19436, v2 Task Memory
 * Structure as a DAG). An agent records each step of a multi-step task as a node with goal, input,
 * output and status; `child` edges give the tree, `depends_on` edges the shared prerequisites. The
 * prompt for the current step is built from its path, prerequisites and finished siblings instead of
 * the whole conversation, and revising a result marks everything built on it stale.
 *
 * Writes go only through the store ports (one atomic commit per operation), so the tree lives in any
 * backend next to the rest of memory, versioned.
 */
import { parseInput } from "../../model/validate.js";
import type { StructureContext } from "../context.js";
import { addTask } from "./add-task.js";
import { idSchema, type AddTaskInput, type CompleteInput, type ContextOptions, type FailInput, type ReviseInput, type StartInput } from "./inputs.js";
import { loadTask } from "./load-tasks.js";
import { taskRelations, type TaskRelations } from "./relations.js";
import { addDependencies, setParent } from "./relink.js";
import type { RenderedContext } from "./render-context.js";
import { reviseTask, type ReviseResult } from "./revise.js";
import { completeTask, failTask, startTask } from "./status.js";
import type { Task, TaskStatus } from "./task.js";
import { taskContext } from "./task-context.js";

export interface TaskRevision {
  version: number;
  status: TaskStatus;
  output?: unknown;
  reason: string;
  actor: string;
  at: number;
}

export class TaskTree {
  constructor(private readonly ctx: StructureContext) {}

  /** A new pending task, optionally under a parent and after prerequisites (all must exist). */
  add(input: AddTaskInput): Promise<Task> {
    return addTask(this.ctx, input);
  }

  start(id: string, input?: StartInput): Promise<Task> {
    return startTask(this.ctx, id, input);
  }

  complete(id: string, input?: CompleteInput): Promise<Task> {
    return completeTask(this.ctx, id, input);
  }

  fail(id: string, input?: FailInput): Promise<Task> {
    return failTask(this.ctx, id, input);
  }

  /** New output for a finished task; its transitive dependents that used the old one become stale. */
  revise(id: string, input: ReviseInput): Promise<ReviseResult> {
    return reviseTask(this.ctx, id, input);
  }

  /** Re-parents a task (null: make it a root); refuses to create a cycle. */
  setParent(id: string, parent: string | null): Promise<void> {
    return setParent(this.ctx, id, parent);
  }

  /** Adds prerequisites; refuses to create a cycle. */
  addDependencies(id: string, dependsOn: readonly string[]): Promise<void> {
    return addDependencies(this.ctx, id, dependsOn);
  }

  /** The prompt section for the active task, within a token budget. */
  context(activeTaskId: string, options: ContextOptions): Promise<RenderedContext & { budget: number }> {
    return taskContext(this.ctx, activeTaskId, options);
  }

  async get(id: string): Promise<Task> {
    parseInput(idSchema, id, "get", "id");
    return loadTask(this.ctx, id, "get", this.ctx.now());
  }

  async relations(id: string): Promise<TaskRelations> {
    parseInput(idSchema, id, "relations", "id");
    const now = this.ctx.now();
    await loadTask(this.ctx, id, "relations", now);
    return taskRelations(this.ctx, id, now);
  }

  /** Every version of the task, oldest first, with the reason for each change. */
  async revisions(id: string): Promise<TaskRevision[]> {
    parseInput(idSchema, id, "revisions", "id");
    await loadTask(this.ctx, id, "revisions", this.ctx.now());
    const versions = await this.ctx.stores.graph.history({ ns: this.ctx.ns, id });
    return versions.map((v) => ({
      version: v.version, status: v.snapshot.attrs["status"] as TaskStatus, reason: v.change.reason, actor: v.change.actor, at: v.change.at,
      ...(v.snapshot.attrs["output"] === undefined ? {} : { output: v.snapshot.attrs["output"] }),
    }));
  }
}

export function taskTree(ctx: StructureContext): TaskTree {
  return new TaskTree(ctx);
}
