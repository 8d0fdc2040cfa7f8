import { NAMESPACE_PATTERN, ValidationError, type ScoredId, type TextDoc, type TextIndex, type TextQuery } from "@hippograph/memory";
import type { Connection } from "./connection.js";
import { chunk } from "./cypher/statement.js";
import { deleteDocs, searchDocs, upsertDocs } from "./cypher/text.js";

/**
 * TextIndex on Neo4j's full-text (Lucene, BM25) index, in the same database as the graph, so that
 * erase-by-source removes a node's text in the same transaction that removes the node.
 */
export class Neo4jTextIndex implements TextIndex {
  constructor(readonly connection: Connection, private readonly options: { batchSize: number; ownsConnection?: boolean }) {}

  async index(docs: readonly TextDoc[]): Promise<void> {
    docs.forEach((d, i) => checkNs(d.ns, `docs[${i}].ns`));
    if (docs.length === 0) return;
    // Last write of an id wins, as with any upsert.
    const unique = [...new Map(docs.map((d) => [`${d.ns}\u0000${d.id}`, d] as const)).values()];
    await this.connection.write(async (tx) => {
      for (const part of chunk(unique, this.options.batchSize)) await tx.run(upsertDocs(part));
    });
  }

  async search(q: TextQuery): Promise<ScoredId[]> {
    checkNs(q.ns, "ns");
    const s = searchDocs(q);
    if (!s) return [];
    const rows = await this.connection.read((tx) => tx.run(s));
    return rows.map((r) => ({ id: String(r.id), score: Number(r.score) }));
  }

  async delete(r: { ns: string; ids: readonly string[] }): Promise<void> {
    checkNs(r.ns, "ns");
    if (r.ids.length === 0) return;
    await this.connection.write(async (tx) => {
      for (const part of chunk(r.ids, this.options.batchSize)) await tx.run(deleteDocs(r.ns, part));
    });
  }

  async close(): Promise<void> {
    if (this.options.ownsConnection) await this.connection.close();
  }
}

function checkNs(ns: unknown, path: string): void {
  if (typeof ns !== "string" || !NAMESPACE_PATTERN.test(ns)) throw new ValidationError([{ path, message: `invalid namespace ${JSON.stringify(ns)}` }]);
}
