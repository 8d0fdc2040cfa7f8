import { z } from "zod";
import { instantSchema, namespaceSchema, timeViewSchema } from "@hippograph/memory";

/**
 * What the page may ask. The namespace is always named by the request, never inferred. Query strings
 * may carry other parameters (a cache-buster), so they are not strict; request bodies are.
 */
export const retrieveRequestSchema = z.strictObject({
  query: z.string(),
  ns: namespaceSchema,
  /** Steps, as `memory.retrieve` takes them (validated there, so errors name `steps[i]…`); default: the default pipeline. */
  pipeline: z.unknown().optional(),
  /** Look from another time: facts valid at `validAt`, as known at `knownAt` (each epoch ms or ISO 8601). Default: the memory's now. */
  view: timeViewSchema.optional(),
  /** Ranked items drawn. */
  ranked: z.number().int().min(1).max(200).default(20),
  /** Nodes drawn in all. */
  maxNodes: z.number().int().min(1).max(1000).default(120),
});

export const nodeRequestSchema = z.object({
  ns: namespaceSchema,
  id: z.string().min(1, "id must not be empty").max(512),
  /** Neighbours drawn, strongest edges first. */
  limit: z.coerce.number().int().min(1).max(500).default(40),
  /** The same point of view as the retrieval the node was found in (ISO 8601); default: the memory's now. */
  validAt: instantSchema.optional(),
  knownAt: instantSchema.optional(),
});

export const namespaceRequestSchema = z.object({ ns: namespaceSchema });
