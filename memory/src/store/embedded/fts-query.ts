import { STOPWORDS } from "../../text/stopwords.js";

const MAX_TERMS = 32;

/** A namespace as one opaque FTS token: hex keeps "user-42" and "user 42" from ever colliding. */
export function scopeToken(ns: string): string {
  return `s${Buffer.from(ns, "utf8").toString("hex")}`;
}

export function kindToken(kind: string): string {
  return `k${Buffer.from(kind, "utf8").toString("hex")}`;
}

/** Text as indexed: NFC so that composed and decomposed input tokenise alike. */
export function indexableText(text: string): string {
  return text.normalize("NFC");
}

/**
 * Cuts free text into query terms. User text is never passed through as query syntax: each term is
 * a run of letters, digits and marks, later quoted, so `"`, `*`, `NEAR`, `AND`, `:` are just words.
 * Stop words go unless nothing else is left.
 */
export function queryTerms(query: string): string[] {
  const words = query.normalize("NFC").toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
  const unique = [...new Set(words)];
  const content = unique.filter((w) => !STOPWORDS.has(w));
  return (content.length > 0 ? content : unique).slice(0, MAX_TERMS);
}

/**
 * An FTS5 MATCH expression: the terms OR-ed (BM25 rewards documents that match more of them),
 * optionally restricted to one namespace's scope token and to some kinds. Undefined when no terms.
 */
export function matchExpression(terms: readonly string[], options: { scope?: string; kinds?: readonly string[] } = {}): string | undefined {
  if (terms.length === 0) return undefined;
  const parts: string[] = [];
  if (options.scope !== undefined) parts.push(`scope : "${scopeToken(options.scope)}"`);
  if (options.kinds && options.kinds.length > 0) parts.push(`kind : (${options.kinds.map((k) => `"${kindToken(k)}"`).join(" OR ")})`);
  parts.push(`body : (${terms.map((t) => `"${t}"`).join(" OR ")})`);
  return parts.join(" AND ");
}
