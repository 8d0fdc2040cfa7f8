import { z } from "zod";
import { idSchema as id, repeatedIds } from "../../model/ids.js";

/** Input schemas of the hypergraph API; every public call parses its input before reading or writing. */
const description = z.string().min(1, "description must not be empty").max(32_000, "description is longer than 32,000 characters");
const reason = z.string().min(1).max(512);

const member = z.strictObject({ id, role: z.string().min(1).max(64).optional() });

/** Duplicate ids are refused, not collapsed: two roles for one vertex would be ambiguous. */
const memberList = z.array(member).max(1_000, "at most 1,000 members").superRefine((members, ctx) => {
  for (const r of repeatedIds(members.map((m) => m.id))) {
    ctx.addIssue({ code: "custom", path: [r.at, "id"], message: `duplicate of members[${r.first}] ("${r.id}")` });
  }
});

export const insertSchema = z.strictObject({
  members: memberList.min(2, "a hyperedge joins at least 2 members"),
  description,
  reason: reason.optional(),
});

export const updateSchema = z.strictObject({
  addMembers: memberList.optional(),
  removeMembers: z.array(id).max(1_000).optional(),
  description: description.optional(),
  reason: reason.optional(),
});

export const mergeSchema = z.strictObject({ description: description.optional(), reason: reason.optional() });

export const recallSchema = z.strictObject({
  /** A hyperedge needs at least this many active members to fire (HGMem's "strongly associated"). */
  minActive: z.number().int().min(1).default(2),
  /** …and at least this fraction of its members active. */
  minFraction: z.number().min(0).max(1).default(0),
  /** Most hyperedges returned, best first. */
  limit: z.number().int().min(1).max(10_000).default(100),
});

export const idListSchema = z.array(id).max(10_000);
export const idSchema = id;

export type InsertInput = z.input<typeof insertSchema>;
export type UpdateInput = z.input<typeof updateSchema>;
export type MergeInput = z.input<typeof mergeSchema>;
export type RecallOptions = z.input<typeof recallSchema>;
