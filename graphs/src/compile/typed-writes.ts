import { ValidationError, type Issue } from "@hippograph/memory";
import { fitsType, withArticle, type ChannelSpec } from "../spec/state-spec.js";

/**
 * A channel's declared type, enforced on writes: a wrong value fails the step with a ValidationError at
 * `state.<channel>` instead of turning "3" + 1 into "31" three nodes later. An `append` channel takes one item
 * or an array of them, a `sum` a finite number, `merge` an object; `replace` also takes null, to clear.
 * Messages are LangGraph's to check, and `any` takes anything.
 *
 * Checked in three places, because LangGraph stores the first write to an empty channel without calling its
 * reducer: the reducer (every later write), each node's returned update, and the input of `invoke`.
 */
export function writeIssue(name: string, ch: ChannelSpec, value: unknown): Issue | undefined {
  if (ch.type === "messages" || ch.type === "any") return undefined;
  const reducer = ch.reducer ?? "replace";
  if (reducer === "append" || fitsType(ch.type, value) || (reducer === "replace" && value === null)) return undefined;
  return { path: `state.${name}`, message: `expects ${withArticle(ch.type)}${reducer === "replace" ? " (or null)" : ""}; got ${shown(value)}` };
}

/** Checks every channel an update (a node's return value, a run's input) writes; `by` names the writer. */
export function checkUpdate(state: Readonly<Record<string, ChannelSpec>>, update: unknown, by: string): void {
  if (!isPlainObject(update)) return; // a Command, or nothing: LangGraph's to handle
  const issues: Issue[] = [];
  for (const [name, value] of Object.entries(update)) {
    const ch = Object.hasOwn(state, name) ? state[name] : undefined;
    const issue = ch && value !== undefined ? writeIssue(name, ch, value) : undefined;
    if (issue) issues.push({ path: issue.path, message: `${issue.message} (written by ${by})` });
  }
  if (issues.length > 0) throw new ValidationError(issues, "graph state");
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function shown(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  if (typeof v === "string") return `a string: ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return withArticle(typeof v);
}
