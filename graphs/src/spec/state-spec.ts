import { z } from "zod";

export const CHANNEL_TYPES = ["messages", "string", "number", "boolean", "array", "object", "any"] as const;
export const REDUCERS = ["replace", "append", "sum", "merge"] as const;

/** Which reducers make sense for which channel type; anything else is a spec error, not a runtime surprise. */
export const REDUCERS_FOR: Record<(typeof CHANNEL_TYPES)[number], readonly (typeof REDUCERS)[number][]> = {
  messages: ["append"],
  string: ["replace"],
  number: ["replace", "sum"],
  boolean: ["replace"],
  array: ["replace", "append"],
  object: ["replace", "merge"],
  any: ["replace"],
};

/** Whether `v` is a value of a channel type (a message list is LangGraph's to check; `any` takes anything). */
export function fitsType(type: (typeof CHANNEL_TYPES)[number], v: unknown): boolean {
  switch (type) {
    case "string": return typeof v === "string";
    case "number": return typeof v === "number" && Number.isFinite(v);
    case "boolean": return typeof v === "boolean";
    case "array": case "messages": return Array.isArray(v);
    case "object": return typeof v === "object" && v !== null && !Array.isArray(v);
    case "any": return true;
  }
}

/** "a number", "an array": how errors name a type. */
export const withArticle = (type: string) => `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;

export const channelSpecSchema = z.object({
  type: z.enum(CHANNEL_TYPES).describe("value type; `messages` is LangGraph's message list (append by id)"),
  reducer: z.enum(REDUCERS).optional()
    .describe("how a node's update combines with the current value; default: append for messages, replace otherwise"),
  default: z.unknown().optional().describe("initial value; default: [] for messages/array, {} for object, else unset"),
  description: z.string().max(500).optional(),
}).strict();

export type ChannelSpec = z.output<typeof channelSpecSchema>;

export const channelNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "channel names are identifiers: letters, digits, _")
  .refine((name) => !(name in Object.prototype), "names every JavaScript object has (constructor, toString, __proto__, …) are reserved: LangGraph would mistake them");
