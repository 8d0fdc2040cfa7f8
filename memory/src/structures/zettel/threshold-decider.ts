import type { CandidateView, LinkDecider, LinkDecision, NoteView } from "./link-decision.js";

export interface ThresholdDeciderOptions {
  /** Link when the embedded notes are at least this similar (hash-embedder cosine scale). */
  minSimilarity?: number;
  /** …or when they share at least this many keywords. */
  minSharedKeywords?: number;
  maxLinks?: number;
  /** Neighbours evolved per note: each gains one shared keyword as a tag. */
  maxEvolutions?: number;
}

/**
 * The decider used when no model is configured. Links by similarity or shared keywords; evolves a
 * linked neighbour only by adding a keyword the two notes share as a tag (a rule cannot rewrite a
 * context description; the LLM decider can).
 */
export function thresholdDecider(options: ThresholdDeciderOptions = {}): LinkDecider {
  const minSimilarity = options.minSimilarity ?? 0.3;
  const minShared = options.minSharedKeywords ?? 2;
  const maxLinks = options.maxLinks ?? 5;
  const maxEvolutions = options.maxEvolutions ?? 2;
  return {
    id: `threshold:${minSimilarity}:${minShared}`,
    async decide({ candidates }: { note: NoteView; candidates: readonly CandidateView[] }): Promise<LinkDecision> {
      const linked = candidates
        .filter((c) => c.similarity >= minSimilarity || c.sharedKeywords.length >= minShared)
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, maxLinks);
      const updates = linked
        .map((c) => ({ c, tag: c.sharedKeywords.find((k) => !c.tags.includes(k)) }))
        .filter((x): x is { c: CandidateView; tag: string } => x.tag !== undefined)
        .slice(0, maxEvolutions)
        .map(({ c, tag }) => ({ id: c.id, tags: [...c.tags, tag].slice(-8) }));
      return { links: linked.map((c) => c.id), updates };
    },
  };
}
