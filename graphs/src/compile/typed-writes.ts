import { isCommand } from "@langchain/langgraph";
import { ValidationError, type Issue } from "@hippograph/memory";
import { fitsType, withArticle, type ChannelSpec } from "../spec/state-spec.js";

/**
 * A channel's declared type, enforced on writes: a wrong value fails the step with a ValidationError at
 * `state.<channel>` instead of turning "3" + 1 into "31" three nodes later. An `append` channel takes one item
 * or an array of them, a `sum` a finite number, `merge` an object; `replace` also takes null, to clear.
 * `undefined` writes nothing. LangGraph's `Overwrite` sets a channel past its reducer, so its value must be a
 * whole value of the type (an array for `append`). Messages are LangGraph's to check; `any` takes anything.
 *
 * Checked in three places, because LangGraph stores the first write to an empty channel without calling its
 * reducer: the reducer (every later write), each node's returned update (a `Command`'s too), and the input of
 * `invoke`. Returns what is wrong with the value, or undefined.
 */
export function writeProblem(ch: ChannelSpec, value: unknown): string | undefined {
  if (ch.type === "messages" || ch.type === "any" || value === undefined) return undefined;
  const reducer = ch.reducer ?? "replace";
  const overwrite = overwritten(value);
  if (overwrite.is) {
    if (fitsType(ch.type, overwrite.value) || (reducer === "replace" && overwrite.value === null)) return undefined;
    return `an Overwrite expects ${withArticle(ch.type)}; got ${shown(overwrite.value)}`;
  }
  if (reducer === "append" || fitsType(ch.type, value) || (reducer === "replace" && value === null)) return undefined;
  return `expects ${withArticle(ch.type)}${reducer === "replace" ? " (or null)" : ""}; got ${shown(value)}`;
}

/** What is wrong with each channel an update writes (a node's return value or its Command's `update`), at `<at><channel>`. */
export function writeIssues(state: Readonly<Record<string, ChannelSpec>>, update: unknown, at = "state."): Issue[] {
  const entries = isCommand(update) ? commandWrites(update.update) : isPlainObject(update) ? Object.entries(update) : [];
  const issues: Issue[] = [];
  for (const [name, value] of entries) {
    const ch = Object.hasOwn(state, name) ? state[name] : undefined;
    const problem = ch ? writeProblem(ch, value) : undefined;
    if (problem) issues.push({ path: `${at}${name}`, message: problem });
  }
  return issues;
}

/** Throws a ValidationError for the writes of `update` that do not fit; `by` names the writer. */
export function checkUpdate(state: Readonly<Record<string, ChannelSpec>>, update: unknown, by: string): void {
  const issues = writeIssues(state, update);
  if (issues.length > 0) throw new ValidationError(issues.map((i) => ({ ...i, message: `${i.message} (written by ${by})` })), "graph state");
}

/** A Command's update: a record, or [channel, value] pairs. */
function commandWrites(update: unknown): [string, unknown][] {
  if (Array.isArray(update)) return update.filter((e): e is [string, unknown] => Array.isArray(e) && typeof e[0] === "string");
  return isPlainObject(update) ? Object.entries(update) : [];
}

/** LangGraph's Overwrite, as the class (`__overwrite__` field) or its wire form (`{ type: "__overwrite__", value }`). */
function overwritten(v: unknown): { is: true; value: unknown } | { is: false } {
  if (typeof v !== "object" || v === null) return { is: false };
  const rec = v as Record<string, unknown>;
  if ("__overwrite__" in rec) return { is: true, value: rec["__overwrite__"] };
  if (rec["type"] === "__overwrite__" && "value" in rec) return { is: true, value: rec["value"] };
  return { is: false };
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
