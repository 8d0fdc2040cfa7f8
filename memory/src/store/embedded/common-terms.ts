import type { FtsTokenizer } from "./fts-tokens.js";

/**
 * A query term found in more documents than this is left out of the BM25 channel: its IDF is near
 * zero, so it barely moves the ranking, yet FTS5 must score every document that contains it, which
 * is what made queries slow on large memories. The vector channel still sees the whole query.
 */
export const COMMON_TERM_MIN_DOCS = 2000;
export const COMMON_TERM_SHARE = 0.02;

export interface TermStatistics {
  /** Documents the query can match (its namespace's). */
  nsDocs: number;
  /** Documents the FTS5 table holds, whose counts `docsWith` reads: the same as nsDocs when a namespace has its own table. */
  tableDocs: number;
  /** The table's own tokenizer (its fts5vocab holds tokens as that emits them); asked only when pruning. */
  tokenizer(): FtsTokenizer;
  /** Documents of the table that hold a token (its fts5vocab `row` count). */
  docsWith(token: string): number;
}

/** Drops near-ubiquitous terms, keeping at least the two rarest so a query never goes empty. */
export function informativeTerms(terms: string[], stats: TermStatistics): string[] {
  const limit = Math.max(COMMON_TERM_MIN_DOCS, COMMON_TERM_SHARE * stats.tableDocs);
  // A namespace this small cannot make FTS5 score many documents, whatever the table's counts say.
  if (terms.length === 0 || stats.nsDocs <= COMMON_TERM_MIN_DOCS || stats.tableDocs <= limit) return terms;
  // Porter stems since schema version 2: "meetings" is stored as "meet", so look each term up by its
  // tokens. A term that tokenizes to several tokens is a phrase in MATCH, found in at most its
  // rarest token's documents.
  const tokens = stats.tokenizer().tokens(terms);
  const df = new Map(terms.map((t, i) => [t, tokens[i]!.length === 0 ? 0 : Math.min(...tokens[i]!.map((k) => stats.docsWith(k)))]));
  const kept = terms.filter((t) => (df.get(t) ?? 0) <= limit);
  if (kept.length > 0) return kept;
  return [...terms].sort((a, b) => (df.get(a) ?? 0) - (df.get(b) ?? 0)).slice(0, 2);
}
