import { createReadStream, existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Command } from "commander";
import { z } from "zod";
import { NotFoundError, ValidationError, parseInput, type GraphInput, type Issue, type Memory } from "@hippograph/memory";
import { globals, withMemory } from "../context.js";
import { count, printJson } from "../format.js";
import { writeAll, type CliIO } from "../io.js";
import { intIn } from "../options.js";
import { progressBar } from "../progress.js";

/** One exported record; the memory validates the rest (kinds, sizes) when it writes the batch. */
const exportedSchema = z.object({
  key: z.string().min(1),
  source: z.string().min(1).optional(),
  target: z.string().min(1).optional(),
  attributes: z.object({
    kind: z.string().min(1),
    text: z.string().nullable().optional(),
    weight: z.number().optional(),
    attrs: z.record(z.string(), z.unknown()).optional(),
    source: z.object({ id: z.string(), type: z.string(), trust: z.number() }).optional(),
    time: z.record(z.string(), z.number().nullable()).optional(),
  }),
});
type Exported = z.output<typeof exportedSchema>;
const exportedEdgeSchema = exportedSchema.extend({ source: z.string().min(1), target: z.string().min(1) });

/** Where an interrupted import stopped: rerunning the same command resumes after it. */
interface Progress {
  target: string;
  /** The file the counts are of (size and mtime): resuming counts in another file would skip its first records. */
  source: string;
  nodes: number;
  edges: number;
}

/**
 * `hippograph import <file>`: loads a graph written by `hippograph export --format json` into any backend
 * (`--backend embedded|neo4j+qdrant`), in batches, with a progress bar. The export puts one record per
 * line, so the file is streamed, never held whole. Progress is checkpointed beside the file after each
 * batch; rerunning the command resumes where it stopped (records are upserts by id, so a batch replayed
 * after a crash is harmless).
 */
export function registerImport(program: Command, io: CliIO): void {
  program
    .command("import <file>")
    .description("load a `hippograph export --format json` file into the chosen backend, batched and resumable")
    .option("--batch-size <n>", "records per write", intIn(1, 10_000), 1000)
    .action(async (file: string, options: { batchSize: number }, command: Command) => {
      const g = globals(command);
      if (!existsSync(file) || !statSync(file).isFile()) throw new NotFoundError(`no such file: ${file}`);
      const total = await countRecords(file);
      const target = `${g.backend}:${g.backend === "embedded" ? g.db : "env"}:${g.ns}`;
      const checkpoint = `${file}.import-progress.json`;
      const stat = statSync(file);
      const progress = readProgress(checkpoint, target, `${stat.size}:${stat.mtimeMs}`);
      const resumedFrom = { nodes: progress.nodes, edges: progress.edges };
      const done = await withMemory(g, async (memory) => {
        const bar = progressBar(io, total.nodes + total.edges, { json: g.json, label: "import" });
        try {
          return await load(memory, g.ns, file, options.batchSize, progress, (p) => {
            writeFileSync(checkpoint, JSON.stringify(p));
            bar.update(p.nodes + p.edges);
          });
        } finally {
          bar.stop();
        }
      });
      rmSync(checkpoint, { force: true });
      const summary = { file, ns: g.ns, backend: g.backend, nodes: done.nodes, edges: done.edges, resumedFrom };
      if (g.json) return printJson(io, summary);
      await writeAll(io.stdout, `Imported ${count(done.nodes)} nodes and ${count(done.edges)} edges into ${g.backend} namespace "${g.ns}".\n`);
    });
}

async function load(memory: Memory, ns: string, file: string, size: number, progress: Progress, save: (p: Progress) => void): Promise<Progress> {
  const seen = { nodes: 0, edges: 0 };
  let batch: Exported[] = [];
  let lines: number[] = [];
  let section: "nodes" | "edges" = "nodes";
  const flush = async () => {
    if (batch.length === 0) return;
    const input: GraphInput = section === "nodes" ? { nodes: batch.map(toNode) } : { edges: batch.map(toEdge) };
    try {
      await memory.write(input, { ns, reason: "hippograph import" });
    } catch (error) {
      throw atLines(error, lines);
    }
    await retractExpired(memory, ns, section, batch);
    progress[section] += batch.length;
    save(progress);
    batch = [];
    lines = [];
  };
  for await (const { record, line, kind } of records(file)) {
    if (kind !== section) {
      await flush();
      section = kind;
    }
    if (++seen[kind] <= progress[kind]) continue; // written by an earlier, interrupted run
    batch.push(parse(record, line, kind));
    lines.push(line);
    if (batch.length === size) await flush();
  }
  await flush();
  return progress;
}

async function* records(file: string): AsyncGenerator<{ record: string; line: number; kind: "nodes" | "edges" }> {
  let kind: "nodes" | "edges" | undefined;
  let line = 0;
  for await (const raw of createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity })) {
    line++;
    if (raw.startsWith('"nodes":[')) kind = "nodes";
    else if (raw.startsWith('"edges":[')) kind = "edges";
    else if (raw.startsWith("{\"key\"") && kind) yield { record: raw.replace(/,$/, ""), line, kind };
  }
}

/** The memory names a refused record by its place in the batch (`nodes[3].kind`); the user knows the file's lines. */
function atLines(error: unknown, lines: readonly number[]): unknown {
  if (!(error instanceof ValidationError)) return error;
  const issues = error.issues.map((i) => {
    const m = /(?:^|: )(?:nodes|edges)\[(\d+)\]\.?(.*)$/.exec(i.path);
    const line = m ? lines[Number(m[1])] : undefined;
    return line === undefined ? i : { path: `line ${line}${m![2] ? `.${m![2]}` : ""}`, message: i.message };
  });
  return new ValidationError(issues, "import");
}

function parse(record: string, line: number, kind: "nodes" | "edges"): Exported {
  let value: unknown;
  try {
    value = JSON.parse(record);
  } catch (error) {
    throw new ValidationError([{ path: `line ${line}`, message: (error as Error).message }], "import");
  }
  return parseInput(kind === "nodes" ? exportedSchema : exportedEdgeSchema, value, "import", `line ${line}`);
}

/**
 * Records the export shows retracted (`expiredAt`) are retracted again, or the copy would believe
 * what the original stopped believing. The retraction is stamped now: an import writes new records,
 * so their history (versions, recordedAt) starts at the import.
 */
async function retractExpired(memory: Memory, ns: string, section: "nodes" | "edges", batch: readonly Exported[]): Promise<void> {
  const ids = batch.filter((r) => r.attributes.time?.expiredAt != null).map((r) => r.key);
  if (ids.length === 0) return;
  const reason = "retracted in the exported memory";
  if (section === "nodes") {
    for (const id of ids) await memory.retract(id, { ns, reason }); // the facade's retract: replies indexed with a retracted question follow
    return;
  }
  const at = memory.now(); // the facade retracts nodes only; an edge's retraction is the store's
  await memory.stores.graph.invalidate({ ns, edgeIds: ids, expiredAt: at, change: { actor: "hippograph import", reason, at } });
}

function toNode(n: Exported): NonNullable<GraphInput["nodes"]>[number] {
  const a = n.attributes;
  const t = a.time ?? {};
  return {
    id: n.key, kind: a.kind, text: a.text ?? null, attrs: a.attrs ?? {},
    ...(t.at != null ? { at: t.at } : {}), ...(t.validFrom != null ? { validFrom: t.validFrom } : {}), ...(t.validTo != null ? { validTo: t.validTo } : {}),
    ...(a.source ? { source: a.source as never } : {}),
  };
}

function toEdge(e: Exported): NonNullable<GraphInput["edges"]>[number] {
  const a = e.attributes;
  const t = a.time ?? {};
  return {
    id: e.key, kind: a.kind, from: e.source!, to: e.target!, weight: a.weight ?? 1, attrs: a.attrs ?? {},
    ...(t.validFrom != null ? { validFrom: t.validFrom } : {}), ...(t.validTo != null ? { validTo: t.validTo } : {}),
    ...(a.source ? { source: a.source as never } : {}),
  };
}

async function countRecords(file: string): Promise<{ nodes: number; edges: number }> {
  const total = { nodes: 0, edges: 0 };
  for await (const r of records(file)) total[r.kind]++;
  if (total.nodes + total.edges === 0) throw new ValidationError([{ path: file, message: "no nodes or edges: expected a `hippograph export --format json` file" }], "import");
  return total;
}

function readProgress(checkpoint: string, target: string, source: string): Progress {
  if (!existsSync(checkpoint)) return { target, source, nodes: 0, edges: 0 };
  let saved: Partial<Progress>;
  try {
    saved = JSON.parse(readFileSync(checkpoint, "utf8")) as Partial<Progress>;
  } catch (error) {
    throw new ValidationError([{ path: checkpoint, message: `is not an import checkpoint (${(error as Error).message}); delete it to start over` }], "import");
  }
  const refuse = (message: string) => new ValidationError([{ path: checkpoint, message: `${message}; delete it to start over` } satisfies Issue], "import");
  if (saved.target !== target) throw refuse(`is the progress of an import into ${saved.target}, not ${target}`);
  if (saved.source !== source) throw refuse("is the progress of another version of this file (its size or time changed since)");
  if (!Number.isInteger(saved.nodes) || !Number.isInteger(saved.edges)) throw refuse("has no node and edge counts");
  return saved as Progress;
}
