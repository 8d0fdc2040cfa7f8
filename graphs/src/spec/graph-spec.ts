import { z } from "zod";
import { NODE_TYPES, leafNodeSchemas, nodeIdSchema, targetSchema } from "./node-spec.js";
import { channelNameSchema, channelSpecSchema } from "./state-spec.js";

const subgraphBase = {
  id: nodeIdSchema.describe("unique node id"),
  description: z.string().max(500).optional(),
  type: z.literal("subgraph"),
  ref: z.string().min(1).max(64).optional().describe("graph name in the registry (`graphs`)"),
};

export const edgeSchema = z.object({
  from: z.string().min(1).describe("a node id, or START"),
  to: targetSchema,
}).strict();

/**
 * The whole spec. Subgraphs may embed a spec inline (`spec`), hence the getter: Zod resolves the recursion
 * lazily and z.toJSONSchema turns it into a $ref.
 */
export const graphSpecSchema = z.object({
  version: z.literal(1).default(1).describe("spec format version"),
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, "graph names are 1-64 letters, digits, _ . or -").describe("graph name (traces, subgraph refs)"),
  description: z.string().max(2000).optional(),
  state: z.record(channelNameSchema, channelSpecSchema).describe("state channels: name → type, reducer, default"),
  get nodes() {
    return z.array(z.discriminatedUnion("type", [...leafNodeSchemas, subgraphNodeSchema], {
      error: (issue) => (issue.code === "invalid_union" ? `unknown node type (known: ${NODE_TYPES.join(", ")})` : undefined),
    })).min(1, "a graph needs at least one node").describe("the nodes, each one of the node types below");
  },
  edges: z.array(edgeSchema).default([]).describe("unconditional edges; several from one node run in parallel"),
  recursionLimit: z.number().int().min(1).max(10_000).default(50).describe("super-steps per run before LangGraph stops it (the root graph's: a subgraph runs under it)"),
}).strict();

/** `ref` xor `spec` is checked by validateGraph (a refinement would stop the union discriminating on `type`). */
export const subgraphNodeSchema = z.object({
  ...subgraphBase,
  get spec(): z.ZodOptional<z.ZodType<GraphSpec, unknown>> {
    return (graphSpecSchema as unknown as z.ZodType<GraphSpec, unknown>).optional().describe("the subgraph, inline");
  },
}).strict();

export interface SubgraphNodeSpec {
  id: string;
  description?: string;
  type: "subgraph";
  ref?: string;
  spec?: GraphSpec;
}

type Leaf = z.output<(typeof leafNodeSchemas)[number]>;
export type NodeSpec = Leaf | SubgraphNodeSpec;
export type EdgeSpec = z.output<typeof edgeSchema>;
export interface GraphSpec {
  version: 1;
  name: string;
  description?: string;
  state: Record<string, z.output<typeof channelSpecSchema>>;
  nodes: NodeSpec[];
  edges: EdgeSpec[];
  recursionLimit: number;
}
/** What a spec author writes (defaults not yet applied). */
export type GraphSpecInput = z.input<typeof graphSpecSchema>;
