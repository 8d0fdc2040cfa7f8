import { z } from "zod";

/** Built-in node kinds. Backends turn kinds into labels, so kinds come from an allow-list, never from raw input. */
export const NODE_KINDS = ["episode", "note", "event", "entity", "hyperedge", "task"] as const;

/** Built-in edge kinds (relationship types in Neo4j). */
export const EDGE_KINDS = [
  "next", "link", "mentions", "member", "part_of", "before", "causes", "relates",
  "child", "depends_on", "derived_from", "supersedes",
] as const;

export type BuiltinNodeKind = (typeof NODE_KINDS)[number];
export type BuiltinEdgeKind = (typeof EDGE_KINDS)[number];
/** Extensible: an app may register more kinds; the string stays typed for the built-ins. */
export type NodeKind = BuiltinNodeKind | (string & {});
export type EdgeKind = BuiltinEdgeKind | (string & {});

/** Lower snake case, short: valid as a Neo4j label / relationship type and as an SQL literal without quoting. */
export const KIND_PATTERN = /^[a-z][a-z0-9_]{0,31}$/;

export const kindNameSchema = z.string().regex(KIND_PATTERN, "kind must match /^[a-z][a-z0-9_]{0,31}$/");

/** The allow-list in force for one memory: built-ins plus whatever the app registered. */
export class KindRegistry {
  readonly nodeKinds: ReadonlySet<string>;
  readonly edgeKinds: ReadonlySet<string>;

  constructor(extra: { nodeKinds?: readonly string[]; edgeKinds?: readonly string[] } = {}) {
    for (const k of [...(extra.nodeKinds ?? []), ...(extra.edgeKinds ?? [])]) kindNameSchema.parse(k);
    this.nodeKinds = new Set([...NODE_KINDS, ...(extra.nodeKinds ?? [])]);
    this.edgeKinds = new Set([...EDGE_KINDS, ...(extra.edgeKinds ?? [])]);
  }

  nodeKindSchema(): z.ZodType<string> {
    const allowed = this.nodeKinds;
    return allowListed(allowed, "node kind");
  }

  edgeKindSchema(): z.ZodType<string> {
    const allowed = this.edgeKinds;
    return allowListed(allowed, "edge kind");
  }
}

function allowListed(allowed: ReadonlySet<string>, what: string): z.ZodType<string> {
  return z.string().superRefine((k, ctx) => {
    if (!allowed.has(k)) ctx.addIssue({ code: "custom", message: `unknown ${what} "${k}" (allowed: ${[...allowed].join(", ")})` });
  });
}
