import { z } from "zod";
import { BaseMessage, isAIMessage } from "@langchain/core/messages";
import { channelNameSchema } from "./state-spec.js";

export const CONDITION_OPS = ["eq", "ne", "gt", "gte", "lt", "lte", "in", "contains", "exists", "truthy", "falsy", "empty", "has_tool_calls"] as const;

/** A test on one state channel. `has_tool_calls`: the channel's last message is an AI message calling tools. */
export const conditionSchema = z.object({
  channel: channelNameSchema.describe("state channel to test"),
  op: z.enum(CONDITION_OPS).describe("comparison"),
  value: z.unknown().optional().describe("operand for eq/ne/gt/gte/lt/lte/in/contains"),
}).strict();

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
