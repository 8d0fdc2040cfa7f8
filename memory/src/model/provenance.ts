import { z } from "zod";

/** Where a memory came from. Erase-by-source and trust-weighted retrieval both depend on it. */
export const SOURCE_TYPES = ["user", "agent", "tool", "web", "system"] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export interface Source {
  /** A caller-chosen id of the originating document, conversation, tool call or user. */
  id: string;
  type: SourceType;
  /** 0 (untrusted) … 1 (fully trusted). Poisoning defences down-weight low trust. */
  trust: number;
}

export const sourceSchema = z.object({
  id: z.string().min(1, "source id must not be empty").max(512),
  type: z.enum(SOURCE_TYPES),
  trust: z.number().min(0).max(1),
});

/** Default trust per source type: what the user says outranks what the web says. */
export const DEFAULT_TRUST: Record<SourceType, number> = { user: 0.9, system: 1, agent: 0.7, tool: 0.6, web: 0.4 };

export const sourceInputSchema = z
  .object({
    id: z.string().min(1, "source id must not be empty").max(512),
    type: z.enum(SOURCE_TYPES).default("user"),
    trust: z.number().min(0).max(1).optional(),
  })
  .transform((s): Source => ({ id: s.id, type: s.type, trust: s.trust ?? DEFAULT_TRUST[s.type] }));
