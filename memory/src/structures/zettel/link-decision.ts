/**
 * A-MEM's write-time decision (Xu et al., arXiv 2502.12110, §3.2–3.3): given a new note and the
 * candidate neighbours it was shown, which to link, and how to evolve those neighbours. Both the
 * threshold rule and the LLM decide through this one interface.
 */
export interface NoteView {
  id: string;
  text: string;
  keywords: string[];
  tags: string[];
  context: string;
}

export interface CandidateView extends NoteView {
  /** Cosine similarity of the embedded notes. */
  similarity: number;
  /** Keywords the candidate shares with the new note. */
  sharedKeywords: string[];
}

export interface NeighbourUpdate {
  id: string;
  context?: string;
  tags?: string[];
  keywords?: string[];
}

export interface LinkDecision {
  /** Candidate ids to link the new note to. */
  links: string[];
  /** Evolution of candidates (never of notes that were not shown). */
  updates: NeighbourUpdate[];
  /** Refinements of the new note's own attributes. */
  note?: { tags?: string[]; context?: string };
}

export interface LinkDecider {
  readonly id: string;
  decide(input: { note: NoteView; candidates: readonly CandidateView[] }, options?: { signal?: AbortSignal }): Promise<unknown>;
}
