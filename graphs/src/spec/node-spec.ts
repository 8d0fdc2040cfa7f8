import { z } from "zod";
import { conditionSchema } from "./condition.js";
import { channelNameSchema } from "./state-spec.js";

/** START and END are the graph's entry and exit; node ids may not take those names. */
export const START = "START";
export const END = "END";
const RESERVED = new Set([START, END, "__start__", "__end__"]);

export const nodeIdSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, "node ids are 1-64 letters, digits, _ or -, starting with a letter")
  .refine((id) => !RESERVED.has(id), "START and END are reserved")
  .refine((id) => !(id in Object.prototype), "names every JavaScript object has (constructor, toString, …) are reserved: LangGraph would mistake them");
export const targetSchema = z.string().min(1).describe("a node id, or END");
const name = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, "registry names are 1-64 letters, digits, _ . or -");

const base = { id: nodeIdSchema.describe("unique node id"), description: z.string().max(500).optional() };

export const llmNodeSchema = z.object({
  ...base,
  type: z.literal("llm"),
  model: name.describe("chat model name in the registry (`models`)"),
  system: z.string().max(20_000).optional().describe("system prompt; `{channel}` is replaced by that channel's value as text"),
  tools: z.array(name).optional().describe("tool names (registry `tools`) bound to the model, so it may call them"),
  input: channelNameSchema.default("messages").describe("messages channel the model reads"),
  output: channelNameSchema.default("messages").describe("channel the reply goes to: appended if a messages channel, else its text"),
}).strict();

export const toolNodeSchema = z.object({
  ...base,
  type: z.literal("tool"),
  tools: z.array(name).min(1).describe("tools that may run: executes the tool calls of the last AI message in `messages`"),
  messages: channelNameSchema.default("messages"),
}).strict();

export const MEMORY_OPS = ["observe", "write_notes", "retrieve", "spread", "update_tasks"] as const;
export const memoryNodeSchema = z.object({
  ...base,
  type: z.literal("memory"),
  op: z.enum(MEMORY_OPS).describe("memory operation (see Memory nodes)"),
  options: z.record(z.string(), z.unknown()).default({}).describe("the operation's options: from, to, ns, k, hops, … (retrieve: `pipeline`, a retrieval pipeline as data)"),
}).strict();

export const routeSchema = z.object({ when: conditionSchema, to: targetSchema }).strict();
export const routerNodeSchema = z.object({
  ...base,
  type: z.literal("router"),
  routes: z.array(routeSchema).min(1).describe("tested in order; the first true condition picks the next node"),
  default: targetSchema.describe("where to go when no condition holds (the exit condition of a loop)"),
}).strict();

export const interruptNodeSchema = z.object({
  ...base,
  type: z.literal("interrupt"),
  prompt: z.string().min(1).max(5000).describe("shown to the human; the run pauses until resumed with Command({ resume })"),
  show: z.array(channelNameSchema).optional().describe("channels included in the interrupt payload"),
  output: channelNameSchema.describe("channel the human's answer is written to"),
}).strict();

export const functionNodeSchema = z.object({
  ...base,
  type: z.literal("function"),
  fn: name.describe("function name in the registry (`functions`): (state) => partial state"),
}).strict();

/** Node types other than subgraph (which refers back to the graph schema). */
export const leafNodeSchemas = [llmNodeSchema, toolNodeSchema, memoryNodeSchema, routerNodeSchema, interruptNodeSchema, functionNodeSchema] as const;
export const NODE_TYPES = ["llm", "tool", "memory", "router", "subgraph", "interrupt", "function"] as const;
