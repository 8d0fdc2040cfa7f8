import { z } from "zod";
import { parseInput } from "@hippograph/memory";
import type { Operation } from "@langchain/langgraph";

/** LangGraph's label rules (validateNamespace): non-empty strings without ".", ":" or NUL. */
const label = z.string({ error: "namespace labels must be strings" }).min(1, "namespace labels must not be empty")
  .refine((l) => !/[.:\u0000]/.test(l), "namespace labels must not contain '.', ':' or NUL");
const path = z.array(label);
const namespace = path.min(1, "namespace must not be empty");
const pattern = z.array(z.string());

const get = z.object({ namespace, key: z.string() });
const put = z.object({
  namespace, key: z.string(),
  value: z.record(z.string(), z.unknown()).nullable(),
  index: z.union([z.literal(false), z.array(z.string().min(1))]).optional(),
});
/** A put whose value survives JSON and whose value, key and path together fit in `maxBytes` of it. */
function putWithin(maxBytes: number) {
  return put.superRefine((op, ctx) => {
    let json: string;
    try {
      json = JSON.stringify([op.value, op.key, op.namespace]);
    } catch (error) {
      ctx.addIssue({ code: "custom", path: ["value"], message: `must be JSON: ${(error as Error).message}` });
      return;
    }
    const bytes = Buffer.byteLength(json);
    if (bytes > maxBytes) ctx.addIssue({ code: "custom", path: ["value"], message: `with its key and namespace it is ${bytes} bytes of JSON, over the limit of ${maxBytes} (the memory's maxAttrsBytes less the item's own fields)` });
  });
}

const search = z.object({
  namespacePrefix: path,
  filter: z.record(z.string(), z.unknown()).optional(),
  limit: z.number().int().min(0).default(10),
  offset: z.number().int().min(0).default(0),
  query: z.string().optional(),
});
const list = z.object({
  matchConditions: z.array(z.object({ matchType: z.enum(["prefix", "suffix"]), path: pattern })).optional(),
  maxDepth: z.number().int().min(1).optional(),
  limit: z.number().int().min(0).default(100),
  offset: z.number().int().min(0).default(0),
});

export type ParsedOp =
  | ({ type: "get" } & z.output<typeof get>)
  | ({ type: "put" } & z.output<typeof put>)
  | ({ type: "search" } & z.output<typeof search>)
  | ({ type: "list" } & z.output<typeof list>);

/**
 * Classifies each operation the way InMemoryStore does (by which fields are present) and validates it,
 * naming the path (`operations[3].namespace[1]`). The whole batch is checked before anything runs:
 * a put's value must be JSON and, with its key and namespace, fit `maxValueBytes`.
 */
export function parseOperations(operations: readonly Operation[], maxValueBytes: number): ParsedOp[] {
  if (!Array.isArray(operations)) parseInput(z.array(z.unknown()), operations, "HippographStore.batch", "operations");
  return operations.map((op, i): ParsedOp => {
    const at = `operations[${i}]`;
    if (op && typeof op === "object" && "namespacePrefix" in op) return { type: "search", ...parseInput(search, op, "HippographStore.search", at) };
    if (op && typeof op === "object" && "value" in op) {
      // The reserved root "langgraph" is refused by BaseStore.put before batch(), as in InMemoryStore.
      return { type: "put", ...parseInput(putWithin(maxValueBytes), op, "HippographStore.put", at) };
    }
    if (op && typeof op === "object" && "key" in op && "namespace" in op) return { type: "get", ...parseInput(get, op, "HippographStore.get", at) };
    if (op && typeof op === "object" && "matchConditions" in op) return { type: "list", ...parseInput(list, op, "HippographStore.listNamespaces", at) };
    return parseInput(z.never({ error: "not a get, put, search or listNamespaces operation" }), op, "HippographStore.batch", at);
  });
}
