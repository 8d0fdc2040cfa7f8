import { z } from "zod";
import type { CandidateView, LinkDecision } from "./link-decision.js";

/**
 * An update rewrites a neighbour's attributes, so an empty one is data loss, not an edit: a blank
 * context, a blank tag or an empty keyword list is refused (the decision with it), as Mem0's users
 * lost facts to an LLM's empty or wrong "UPDATE".
 */
const word = z.string().trim().min(1, "must not be blank").max(128);
const context = z.string().trim().min(1, "must not be blank").max(2000);
const decisionSchema = z.strictObject({
  links: z.array(z.string()).max(32),
  updates: z.array(z.strictObject({
    id: z.string(),
    context: context.optional(),
    tags: z.array(word).min(1, "must not be empty: leave tags out to keep them").max(32).optional(),
    keywords: z.array(word).min(1, "must not be empty: leave keywords out to keep them").max(32).optional(),
  })).max(32),
  note: z.strictObject({ tags: z.array(word).max(32).optional(), context: context.optional() }).optional(),
});

export type DecisionCheck = { ok: true; decision: LinkDecision } | { ok: false; reasons: string[] };

/** "0", "#2", "memory index: 3", "[1]": how a model refers to a list position instead of an id. */
const POSITIONAL = /^\s*(#|\[)?\s*(memory\s*index\s*[:#]?\s*)?\d{1,3}\s*\]?\s*$/i;

/**
 * Accepts a decision only if every id in it is one of the candidates the decider was shown. This is
 * where A-MEM's reference bugs stop: links stored as list positions (issue #11), updates aimed at
 * notes by search rank instead of id (issue #32). One bad reference rejects the whole decision:
 * applying the rest of an output that already misread the candidates is not safe.
 */
export function validateDecision(output: unknown, candidates: readonly CandidateView[]): DecisionCheck {
  const parsed = decisionSchema.safeParse(output);
  if (!parsed.success) {
    return { ok: false, reasons: parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`) };
  }
  const shown = new Set(candidates.map((c) => c.id));
  const reasons: string[] = [];
  const check = (id: string, where: string) => {
    if (shown.has(id)) return;
    reasons.push(POSITIONAL.test(id) && !shown.has(id)
      ? `${where}: "${id}" is a list position, not a note id`
      : `${where}: "${id}" is not among the candidates shown`);
  };
  parsed.data.links.forEach((id, i) => check(id, `links[${i}]`));
  parsed.data.updates.forEach((u, i) => check(u.id, `updates[${i}].id`));
  if (reasons.length > 0) return { ok: false, reasons };
  return { ok: true, decision: { links: [...new Set(parsed.data.links)], updates: parsed.data.updates, note: parsed.data.note } };
}
