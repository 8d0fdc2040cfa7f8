import { createHash } from "node:crypto";

/**
 * Lucene's English stop words (the set Neo4j's standard analyzers drop). A quoted term made only of
 * one of these would analyse to nothing, leaving a clause that matches every document; we drop
 * them ourselves so every clause we send still constrains the match.
 */
const STOP = new Set("a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with".split(" "));
const MAX_TERMS = 32;

/** A namespace as one opaque token (hashed: a long namespace would exceed Lucene's 255-char token limit). */
export function scopeToken(ns: string): string {
  return `s${createHash("sha1").update(ns, "utf8").digest("hex")}`;
}

/** Free text → terms: runs of letters, digits and marks, lower-cased, stop words dropped. */
export function queryTerms(query: string): string[] {
  const words = query.normalize("NFC").toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
  return [...new Set(words)].filter((w) => !STOP.has(w)).slice(0, MAX_TERMS);
}

/**
 * A Lucene query from user text that is never Lucene syntax: each term is a run of letters and
 * digits inside double quotes, so `AND`, `*`, `:`, `~`, `(`, `"` reach Lucene only as words or not
 * at all. Undefined when no term is left (the caller returns no hits instead of querying).
 */
export function luceneQuery(ns: string, query: string): string | undefined {
  const terms = queryTerms(query);
  if (terms.length === 0) return undefined;
  return `+scope:"${scopeToken(ns)}" +(${terms.map((t) => `text:"${t}"`).join(" ")})`;
}
