import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { NotFoundError, ValidationError, validatePipeline, type PipelineSpec, type RetrievedItem } from "@hippograph/memory";
import { globals, withMemory } from "../context.js";
import { excerpt, isoDate, printJson, round, table } from "../format.js";
import { writeAll, type CliIO } from "../io.js";
import { noResults } from "../no-results.js";
import { intIn } from "../options.js";

export function registerRetrieve(program: Command, io: CliIO): void {
  program
    .command("retrieve <query>")
    .description("retrieval through a pipeline of graph operators (default: BM25, entities and dates, spreading activation, packing)")
    .option("--pipeline <file>", "a pipeline as JSON: a list of steps or { steps } (see docs/retrieval.md)")
    .option("-k <n>", "number of items shown", intIn(1, 1000), 10)
    .option("--context", "print the packed context (pipelines ending in pack) instead of the ranking")
    .action(async (query: string, options: { pipeline?: string; k: number; context?: boolean }, command: Command) => {
      const g = globals(command);
      // Validated before the database is opened, so a bad pipeline touches nothing.
      const pipeline = options.pipeline === undefined ? undefined : await readPipeline(options.pipeline);
      const [result, namespaces] = await withMemory(g, async (memory) => {
        const found = await memory.retrieve(query, { ns: g.ns, ...(pipeline ? { pipeline } : {}) });
        return [found, found.items.length === 0 ? await memory.namespaces() : []] as const;
      }, { readOnly: true });
      const items = result.items.slice(0, options.k);
      if (g.json) {
        return printJson(io, {
          query, ns: g.ns, items: items.map(toJson), context: result.context ? { text: result.context.text, tokens: result.context.tokens } : null,
          trace: result.trace.map((t) => ({ step: t.step, op: t.op, from: t.from, ms: round(t.ms, 3), count: t.count })),
        });
      }
      if (options.context) return writeAll(io.stdout, result.context ? `${result.context.text}\n` : "This pipeline does not end with pack: no context.\n");
      if (items.length === 0) return writeAll(io.stdout, noResults(g.ns, namespaces));
      const rows = items.map((x, i) => [String(i + 1), x.score.toFixed(4), Object.keys(x.evidence).join(","), pathCell(x), x.node.kind, excerpt(x.node.text, 60)]);
      await writeAll(io.stdout, table(["#", "score", "found by", "path", "kind", "text"], rows));
      await writeAll(io.stdout, `\n${result.trace.map((t) => `${t.step} ${t.ms.toFixed(1)} ms`).join(" · ")}\n`);
    });
}

async function readPipeline(path: string): Promise<PipelineSpec> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new NotFoundError(`cannot read pipeline file ${path}`);
  }
  let spec: unknown;
  try {
    spec = JSON.parse(text);
  } catch (error) {
    throw new ValidationError([{ path: "--pipeline", message: `${path} is not valid JSON: ${(error as Error).message}` }], "retrieve");
  }
  validatePipeline(spec as PipelineSpec);
  return spec as PipelineSpec;
}

/** "seed →next→ node →part_of→": how activation reached the item (the row's own node ends the path), or "seed". */
function pathCell(x: RetrievedItem): string {
  const e = x.explanation;
  if (!e || e.path.length === 0) return "seed";
  const hops = e.path.map((p, i) => (i < e.path.length - 1 ? `→${p.via}→ ${excerpt(p.id, 12)}` : `→${p.via}→`));
  return `${excerpt(e.seed, 12)} ${hops.join(" ")}`;
}

function toJson(x: RetrievedItem, index: number) {
  const n = x.node;
  return { rank: index + 1, id: x.id, score: x.score, evidence: x.evidence, explanation: x.explanation ?? null, kind: n.kind, text: n.text, attrs: n.attrs, at: isoDate(n.time.at) };
}
