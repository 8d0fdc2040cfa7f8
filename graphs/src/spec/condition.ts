import { z } from "zod";
import { BaseMessage, isAIMessage } from "@langchain/core/messages";
import { channelNameSchema } from "./state-spec.js";

export const CONDITION_OPS = ["eq", "ne", "gt", "gte", "lt", "lte", "in", "contains", "exists", "truthy", "falsy", "empty", "has_tool_calls"] as const;

/** A test on one state channel. `has_tool_calls`: the channel's last message is an AI message calling tools. */
export const conditionSchema = z.object({
  channel: channelNameSchema.describe("state channel to test"),
  op: z.enum(CONDITION_OPS).describe("comparison"),
  value: z.unknown().optional().describe("operand: any JSON for eq/ne/contains, a number for gt/gte/lt/lte, a list for in"),
}).strict().superRefine((c, ctx) => {
  // A missing or ill-typed operand would make the condition silently never (or always) true.
  const bad = (message: string) => ctx.addIssue({ code: "custom", path: ["value"], message });
  if (["eq", "ne", "contains"].includes(c.op) && c.value === undefined) bad(`${c.op} needs a value (to test for a missing value, use exists or empty)`);
  if (["gt", "gte", "lt", "lte"].includes(c.op) && !(typeof c.value === "number" && Number.isFinite(c.value))) bad(`${c.op} needs a number`);
  if (c.op === "in" && !Array.isArray(c.value)) bad("in needs a list of values");
  if (["exists", "truthy", "falsy", "empty", "has_tool_calls"].includes(c.op) && c.value !== undefined) bad(`${c.op} takes no value`);
});

export type Condition = z.output<typeof conditionSchema>;

export function evaluate(c: Condition, state: Record<string, unknown>): boolean {
  const v = state[c.channel];
  switch (c.op) {
    case "eq": return JSON.stringify(v) === JSON.stringify(c.value);
    case "ne": return JSON.stringify(v) !== JSON.stringify(c.value);
    case "gt": return Number(v) > Number(c.value);
    case "gte": return Number(v) >= Number(c.value);
    case "lt": return Number(v) < Number(c.value);
    case "lte": return Number(v) <= Number(c.value);
    case "in": return Array.isArray(c.value) && c.value.some((x) => JSON.stringify(x) === JSON.stringify(v));
    case "contains": return typeof v === "string" ? v.includes(String(c.value)) : Array.isArray(v) && v.some((x) => JSON.stringify(x) === JSON.stringify(c.value));
    case "exists": return v !== undefined && v !== null;
    case "truthy": return Boolean(v) && !(Array.isArray(v) && v.length === 0);
    case "falsy": return !v || (Array.isArray(v) && v.length === 0);
    case "empty": return v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
    case "has_tool_calls": {
      const last = Array.isArray(v) ? v.at(-1) : v;
      return BaseMessage.isInstance(last) && isAIMessage(last) && (last.tool_calls?.length ?? 0) > 0;
    }
  }
}
