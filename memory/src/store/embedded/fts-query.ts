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
 * Builds an FTS5 MATCH expression from free text. User text is never passed through as query
 * syntax: it is cut into words and each word is quoted, so `"`, `*`, `NEAR`, `AND`, `:` and the like
 * are just words. Terms are OR-ed (BM25 rewards documents that match more of them).
 * Returns undefined when the text has nothing searchable.
 */
export function matchExpression(ns: string, query: string, kinds?: readonly string[]): string | undefined {
  const words = query.normalize("NFC").toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
  const unique = [...new Set(words)];
  const content = unique.filter((w) => !STOPWORDS.has(w));
  const terms = (content.length > 0 ? content : unique).slice(0, MAX_TERMS);
  if (terms.length === 0) return undefined;
  const body = terms.map((t) => `"${t}"`).join(" OR ");
  const scope = `scope : "${scopeToken(ns)}"`;
  const kindPart = kinds && kinds.length > 0 ? ` AND kind : (${kinds.map((k) => `"${kindToken(k)}"`).join(" OR ")})` : "";
  return `${scope}${kindPart} AND body : (${body})`;
}
