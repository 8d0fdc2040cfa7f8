import type { Command } from "commander";
import type { SearchHit } from "@hippograph/memory";
import { globals, withMemory } from "../context.js";
import { channelCell, excerpt, isoDate, printJson, table } from "../format.js";
import { writeAll, type CliIO } from "../io.js";
import { noResults } from "../no-results.js";
import { intIn, kindsArg } from "../options.js";

export function registerSearch(program: Command, io: CliIO): void {
  program
    .command("search <query>")
    .description("hybrid search (BM25 + vectors, fused by reciprocal rank) in one namespace")
    .option("-k <n>", "number of hits", intIn(1, 1000), 10)
    .option("--kinds <list>", "only these node kinds, comma-separated (e.g. episode,note)", kindsArg)
    .action(async (query: string, options: { k: number; kinds?: string[] }, command: Command) => {
      const g = globals(command);
      const [hits, namespaces] = await withMemory(g, async (memory) => {
        const found = await memory.search(query, { ns: g.ns, k: options.k, kinds: options.kinds });
        return [found, found.length === 0 ? await memory.namespaces() : []] as const;
      }, { readOnly: true });
      if (g.json) return printJson(io, { query, ns: g.ns, hits: hits.map(toJson) });
      if (hits.length === 0) return writeAll(io.stdout, noResults(g.ns, namespaces));
      const rows = hits.map((h, i) => [String(i + 1), h.score.toFixed(4), channelCell(h.channels, "bm25"), channelCell(h.channels, "vector"),
        h.id, h.node.kind, excerpt(h.node.text, 70)]);
      await writeAll(io.stdout, table(["#", "score", "bm25", "vector", "id", "kind", "text"], rows));
    });
}

function toJson(hit: SearchHit, index: number) {
  const n = hit.node;
  return { rank: index + 1, id: hit.id, score: hit.score, channels: hit.channels, kind: n.kind, text: n.text, attrs: n.attrs, at: isoDate(n.time.at) };
}
