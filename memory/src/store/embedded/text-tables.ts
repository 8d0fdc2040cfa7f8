import type { ScoredId } from "../../ports/vector-store.js";
import type { TextDoc, TextQuery } from "../../ports/text-index.js";
import { indexableText, kindToken, matchExpression, queryTerms, scopeToken } from "./fts-query.js";
import { ftsTokenizer, tableTokenize, type FtsTokenizer } from "./fts-tokens.js";
import type { SqliteDb } from "./open-database.js";

/**
 * A query term found in more documents than this is left out of the BM25 channel: its IDF is near
 * zero, so it barely moves the ranking, yet FTS5 must score every document that contains it, which
 * is what made queries slow on large memories. The vector channel still sees the whole query.
 */
export const COMMON_TERM_MIN_DOCS = 2000;
export const COMMON_TERM_SHARE = 0.02;

/** The FTS5 side: `docs` maps (ns, id) to the FTS rowid; FTS5 itself keeps only the inverted index. */
export class TextTables {
  private readonly s;
  /** Documents per namespace; the scope filter is skipped when a namespace holds every document. */
  private docsByNs: Map<string, number> | undefined;
  private totalDocs = 0;
  /** The `fts` table's own tokenizer (stemming since schema version 2); made on first need. */
  private tokenizer: FtsTokenizer | undefined;

  constructor(private readonly db: SqliteDb) {
    this.s = {
      doc: db.prepare("SELECT rid FROM docs WHERE ns = ? AND id = ?").pluck(),
      insertDoc: db.prepare("INSERT INTO docs (ns, id, kind) VALUES (?, ?, ?) RETURNING rid").pluck(),
      updateDoc: db.prepare("UPDATE docs SET kind = ? WHERE rid = ?"),
      deleteDoc: db.prepare("DELETE FROM docs WHERE rid = ?"),
      insertFts: db.prepare("INSERT INTO fts (rowid, scope, kind, body) VALUES (?, ?, ?, ?)"),
      deleteFts: db.prepare("DELETE FROM fts WHERE rowid = ?"),
      countByNs: db.prepare("SELECT ns, count(*) AS n FROM docs GROUP BY ns"),
      termDocs: db.prepare("SELECT doc FROM fts_terms WHERE term = ?").pluck(),
      search: db.prepare(`SELECT d.id AS id, f.s AS s FROM
        (SELECT rowid, bm25(fts, 0.0, 0.0, 1.0) AS s FROM fts WHERE fts MATCH ? ORDER BY s LIMIT ?) AS f
        JOIN docs d ON d.rid = f.rowid ORDER BY f.s`),
    };
  }

  applyIndex(docs: readonly TextDoc[]): void {
    for (const d of docs) {
      let rid = this.s.doc.get(d.ns, d.id) as number | undefined;
      if (rid !== undefined) {
        this.s.deleteFts.run(rid);
        this.s.updateDoc.run(d.kind, rid);
      } else {
        rid = this.s.insertDoc.get(d.ns, d.id, d.kind) as number;
        this.count(d.ns, +1);
      }
      this.s.insertFts.run(rid, scopeToken(d.ns), kindToken(d.kind), indexableText(d.text));
    }
  }

  applyDelete(ns: string, ids: readonly string[]): void {
    for (const id of ids) {
      const rid = this.s.doc.get(ns, id) as number | undefined;
      if (rid === undefined) continue;
      this.s.deleteFts.run(rid);
      this.s.deleteDoc.run(rid);
      this.count(ns, -1);
    }
  }

  has(ns: string, id: string): boolean {
    return this.s.doc.get(ns, id) !== undefined;
  }

  /** Counts are a cache of `docs`; forget them when another connection may have changed it. */
  reset(): void {
    this.docsByNs = undefined;
  }

  search(q: TextQuery): ScoredId[] {
    const counts = this.counts();
    if (q.k <= 0 || !counts.has(q.ns)) return [];
    const terms = this.informativeTerms(queryTerms(q.query), counts.get(q.ns)!, this.totalDocs);
    const expression = matchExpression(terms, { scope: counts.size > 1 ? q.ns : undefined, kinds: q.kinds });
    if (expression === undefined) return [];
    const rows = this.s.search.all(expression, q.k) as { id: string; s: number }[];
    // FTS5's bm25() is negated so that ascending order ranks best first; flip it back.
    return rows.map((r) => ({ id: r.id, score: -r.s }));
  }

  /** Drops near-ubiquitous terms, keeping at least the two rarest so a query never goes empty. */
  private informativeTerms(terms: string[], nsDocs: number, totalDocs: number): string[] {
    const limit = Math.max(COMMON_TERM_MIN_DOCS, COMMON_TERM_SHARE * totalDocs);
    // A namespace this small cannot make FTS5 score many documents, whatever the global counts say.
    if (terms.length === 0 || nsDocs <= COMMON_TERM_MIN_DOCS || totalDocs <= limit) return terms;
    // fts_terms holds tokens as the table's tokenizer emits them (Porter stems since schema version
    // 2: "meetings" is stored as "meet"), so look each term up by its tokens, not as typed. A term
    // that tokenizes to several tokens is a phrase in MATCH, found in at most its rarest token's docs.
    this.tokenizer ??= ftsTokenizer(tableTokenize(this.db, "fts"));
    const tokens = this.tokenizer.tokens(terms);
    // One equality lookup per token: fts5vocab seeks on `term = ?`, while an IN list would scan it.
    const docsWith = (token: string): number => (this.s.termDocs.get(token) as number | undefined) ?? 0;
    const df = new Map(terms.map((t, i) => [t, tokens[i]!.length === 0 ? 0 : Math.min(...tokens[i]!.map(docsWith))]));
    const kept = terms.filter((t) => (df.get(t) ?? 0) <= limit);
    if (kept.length > 0) return kept;
    return [...terms].sort((a, b) => (df.get(a) ?? 0) - (df.get(b) ?? 0)).slice(0, 2);
  }

  private counts(): Map<string, number> {
    if (!this.docsByNs) {
      this.docsByNs = new Map((this.s.countByNs.all() as { ns: string; n: number }[]).map((r) => [r.ns, r.n]));
      this.totalDocs = [...this.docsByNs.values()].reduce((a, b) => a + b, 0);
    }
    return this.docsByNs;
  }

  private count(ns: string, delta: number): void {
    if (!this.docsByNs) return;
    this.totalDocs += delta;
    const next = (this.docsByNs.get(ns) ?? 0) + delta;
    if (next > 0) this.docsByNs.set(ns, next);
    else this.docsByNs.delete(ns);
  }
}
