import { z } from "zod";
import type { KindRegistry } from "../model/kinds.js";
import { namespaceSchema } from "../model/namespace.js";
import { sourceInputSchema } from "../model/provenance.js";
import { instantSchema } from "../model/time.js";
import { idSchema, repeatedIds } from "../model/ids.js";

/** Size limits on what one call may store; configurable per memory. */
export interface Limits {
  /** Characters of text per node. */
  maxTextChars: number;
  /** Bytes of JSON attributes per node or edge. */
  maxAttrsBytes: number;
  /** Items per call; bigger inputs are split by the caller (the CLI does). */
  maxBatch: number;
}

export const DEFAULT_LIMITS: Limits = { maxTextChars: 32_000, maxAttrsBytes: 64 * 1024, maxBatch: 10_000 };


/** Builds the validators for public inputs under one memory's limits and kind allow-list. */
export function inputSchemas(limits: Limits, kinds: KindRegistry) {
  const text = z.string().max(limits.maxTextChars, `text is longer than the limit of ${limits.maxTextChars} characters`);
  const attrs = z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "attrs must be JSON-serialisable" });
      return;
    }
    if (Buffer.byteLength(json) > limits.maxAttrsBytes) {
      ctx.addIssue({ code: "custom", message: `attrs are ${Buffer.byteLength(json)} bytes of JSON, over the limit of ${limits.maxAttrsBytes}` });
    }
  });
  const batch = <T extends z.ZodType>(item: T, what: string) =>
    z.array(item).min(1, `at least one ${what} is required`).max(limits.maxBatch, `at most ${limits.maxBatch} ${what}s per call`)
      .superRefine((items, ctx) => {
        // Two items of one id in one call would be one node written twice: the second silently wins.
        for (const r of repeatedIds(items.map((item) => (item as { id?: string }).id))) {
          ctx.addIssue({ code: "custom", path: [r.at, "id"], message: `repeats the id of ${what} ${r.first} ("${r.id}")` });
        }
      });

  const episode = z
    .object({
      id: idSchema.optional(),
      text: text.min(1, "text must not be empty"),
      speaker: z.string().max(256).optional(),
      /** Conversation or stream the episode belongs to; consecutive episodes of a thread are linked by `next`. */
      thread: z.string().min(1).max(256).optional(),
      session: z.string().max(256).optional(),
      at: instantSchema.optional(),
      source: sourceInputSchema.optional(),
      attrs: attrs.optional(),
    })
    .strict();

  const note = z
    .object({
      id: idSchema.optional(),
      text: text.min(1, "text must not be empty"),
      keywords: z.array(z.string().max(128)).max(64).optional(),
      tags: z.array(z.string().max(128)).max(64).optional(),
      context: z.string().max(2048).optional(),
      at: instantSchema.optional(),
      source: sourceInputSchema.optional(),
      attrs: attrs.optional(),
    })
    .strict();

  const node = z
    .object({
      id: idSchema.optional(),
      kind: kinds.nodeKindSchema(),
      text: text.nullable().optional(),
      attrs: attrs.optional(),
      at: instantSchema.optional(),
      validFrom: instantSchema.optional(),
      validTo: instantSchema.optional(),
      source: sourceInputSchema.optional(),
    })
    .strict();

  const edge = z
    .object({
      id: idSchema.optional(),
      kind: kinds.edgeKindSchema(),
      from: idSchema,
      to: idSchema,
      weight: z.number().finite().min(0).max(1e6).default(1),
      attrs: attrs.optional(),
      validFrom: instantSchema.optional(),
      validTo: instantSchema.optional(),
      source: sourceInputSchema.optional(),
    })
    .strict();

  const patch = z
    .object({
      text: text.nullable().optional(),
      attrs: attrs.optional(),
      at: instantSchema.optional(),
      validFrom: instantSchema.nullable().optional(),
      validTo: instantSchema.nullable().optional(),
      source: sourceInputSchema.optional(),
    })
    .strict()
    .refine((p) => Object.keys(p).length > 0, "an update must change at least one field");

  return {
    episodes: batch(episode, "episode"),
    notes: batch(note, "note"),
    graph: z.object({ nodes: z.array(node).max(limits.maxBatch).default([]), edges: z.array(edge).max(limits.maxBatch).default([]) }).strict(),
    patch,
  };
}

export type InputSchemas = ReturnType<typeof inputSchemas>;
export type EpisodeInput = z.input<InputSchemas["episodes"]>[number];
export type NoteInput = z.input<InputSchemas["notes"]>[number];
export type GraphInput = z.input<InputSchemas["graph"]>;
export type NodePatch = z.input<InputSchemas["patch"]>;

export const scopeSchema = z.object({ ns: namespaceSchema.optional() }).passthrough();
