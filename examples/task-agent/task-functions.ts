import type { PlanTask } from "@hippograph/nodes";
import type { StateFunction } from "@hippograph/graphs";
import type { BaseMessage } from "@langchain/core/messages";

const lastText = (messages: unknown) => String((messages as BaseMessage[]).at(-1)?.content ?? "");
const open = (plan: PlanTask[]) => plan.filter((t) => t.parent && t.status !== "done");

/** The planner's JSON (tolerating prose around it) → a goal task with one child per step, chained by dependsOn. */
export const readPlan: StateFunction = (state) => {
  const messages = state.messages as BaseMessage[];
  const goal = String(messages.find((m) => m.getType() === "human")?.content ?? "goal");
  let steps: { id?: string; title?: string }[] = [];
  try {
    steps = JSON.parse(/\[[\s\S]*\]/.exec(lastText(messages))?.[0] ?? "[]") as typeof steps;
  } catch {
    steps = [];
  }
  if (steps.length === 0) steps = [{ id: "do-it", title: goal }];
  const plan: PlanTask[] = [{ id: "goal", title: goal, status: "doing" }];
  steps.forEach((s, i) => {
    const id = (s.id ?? `step-${i + 1}`).replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 60) || `step-${i + 1}`;
    plan.push({ id, title: s.title ?? id, status: "todo", parent: "goal", ...(i > 0 ? { dependsOn: [plan[i]!.id] } : {}) });
  });
  return { plan, remaining: plan.length - 1 };
};

/** The first open step whose dependencies are done (the plan is a chain, so: the next one). */
export const nextTask: StateFunction = (state) => {
  const plan = state.plan as PlanTask[];
  const done = new Set(plan.filter((t) => t.status === "done").map((t) => t.id));
  const next = open(plan).find((t) => (t.dependsOn ?? []).every((d) => done.has(d)))!;
  return { current: next.id, plan: plan.map((t) => (t.id === next.id ? { ...t, status: "doing" } : t)) };
};

/** Records the worker's answer as the step's result; closes the goal when no step is left. */
export const finishTask: StateFunction = (state) => {
  const result = lastText(state.messages).slice(0, 8000);
  let plan = (state.plan as PlanTask[]).map((t) => (t.id === state.current ? { ...t, status: "done" as const, result } : t));
  const remaining = open(plan).length;
  if (remaining === 0) plan = plan.map((t) => (t.id === "goal" ? { ...t, status: "done" as const } : t));
  return { plan, remaining };
};
