import type { ScoredId } from "../../ports/vector-store.js";
import type { TextDoc, TextQuery } from "../../ports/text-index.js";
import { informativeTerms } from "./common-terms.js";
import { indexableText, kindToken, matchExpression, queryTerms, scopeToken } from "./fts-query.js";
import { docsWith, FtsTextIndex } from "./fts-text-index.js";
import { ftsTokenizer, tableTokenize, type FtsTokenizer } from "./fts-tokens.js";
import type { SqliteDb } from "./open-database.js";

/**
 * The text index of schema versions 1 and 2: one FTS5 table `fts (scope, kind, body)` for every
 * namespace, a query scoped by its namespace's `scope` token. bm25() therefore takes its statistics
 * from all namespaces; such files keep that behaviour because their index cannot be rebuilt.
 */
export class SharedTextIndex extends FtsTextIndex {
  private readonly s;
  /** Documents per namespace; the scope filter is skipped when a namespace holds every document. */
  private docsByNs: Map<string, number> | undefined;
  private totalDocs = 0;
  /** The `fts` table's own tokenizer (stemming since schema version 2); made on first need. */
  private tokenizer: FtsTokenizer | undefined;

  constructor(db: SqliteDb) {
    super(db);
    this.s = {
      insertFts: db.prepare("INSERT INTO fts (rowid, scope, kind, body) VALUES (?, ?, ?, ?)"),
      deleteFts: db.prepare("DELETE FROM fts WHERE rowid = ?"),
      termDocs: db.prepare("SELECT doc FROM fts_terms WHERE term = ?").pluck(),
      search: this.prepareSearch("fts", "0.0, 0.0, 1.0"), // scope and kind filter, body counts
    };
  }

  protected insertRow(d: TextDoc, rid: number): void {
    this.s.insertFts.run(rid, scopeToken(d.ns), kindToken(d.kind), indexableText(d.text));
  }

  protected deleteRow(_ns: string, rid: number): void {
    this.s.deleteFts.run(rid);
  }

  /** Counts are a cache of `docs`; forget them when another connection may have changed it. */
  reset(): void {
    this.docsByNs = undefined;
  }

  search(q: TextQuery): ScoredId[] {
    const counts = this.counts();
    if (q.k <= 0 || !counts.has(q.ns)) return [];
    const terms = informativeTerms(queryTerms(q.query), {
      nsDocs: counts.get(q.ns)!,
      tableDocs: this.totalDocs,
      tokenizer: () => (this.tokenizer ??= ftsTokenizer(tableTokenize(this.db, "fts"))),
      docsWith: docsWith(this.s.termDocs),
    });
    const expression = matchExpression(terms, { scope: counts.size > 1 ? q.ns : undefined, kinds: q.kinds });
    if (expression === undefined) return [];
    return this.ranked(this.s.search, expression, q.k);
  }

  private counts(): Map<string, number> {
    if (!this.docsByNs) {
      this.docsByNs = this.docs.countByNs();
      this.totalDocs = [...this.docsByNs.values()].reduce((a, b) => a + b, 0);
    }
    return this.docsByNs;
  }

  protected counted(ns: string, delta: number): void {
    if (!this.docsByNs) return;
    this.totalDocs += delta;
    const next = (this.docsByNs.get(ns) ?? 0) + delta;
    if (next > 0) this.docsByNs.set(ns, next);
    else this.docsByNs.delete(ns);
  }
}
