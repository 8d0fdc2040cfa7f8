/**
 * Extraction: what a text mentions, as one typed result whichever implementation produced it —
 * rule-based (the default, no model) or an LLM through any OpenAI-compatible endpoint. One call takes
 * a whole batch, so an LLM implementation makes one structured request per batch, not per episode.
 */
export interface Extractor {
  readonly id: string;
  extract(items: readonly ExtractionInput[], options?: { signal?: AbortSignal }): Promise<Extraction[]>;
}

export interface ExtractionInput {
  /** Caller's handle (usually the node id); results come back in input order with the same id. */
  id: string;
  text: string;
  /** Reference time for relative dates ("last May" is resolved against this). */
  at?: number;
  speaker?: string;
}

export type EntityType = "person" | "place" | "organization" | "thing" | "event" | "other";

export interface ExtractedEntity {
  /** Surface form as written ("Dr. Okafor"). */
  name: string;
  /** Canonical key for matching across texts: lower-cased, folded, titles stripped ("okafor"). */
  key: string;
  type: EntityType;
}

export interface ExtractedDate {
  text: string;
  /** Resolved instant (epoch ms, UTC) and how precise it is. */
  at: number;
  grain: "day" | "month" | "year" | "time";
}

export interface ExtractedRelation {
  /** Entity keys (or noun phrases when no entity matched). */
  subject: string;
  predicate: string;
  object: string;
}

export interface Extraction {
  id: string;
  entities: ExtractedEntity[];
  /** Most specific first; no speaker names, no dates (A-MEM's rule). */
  keywords: string[];
  dates: ExtractedDate[];
  nounPhrases: string[];
  relations: ExtractedRelation[];
}
