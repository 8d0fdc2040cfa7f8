import { existsSync, statSync } from "node:fs";
import { InvalidArgumentError, type Command } from "commander";
import {
  detectFormat, episodeBatchesJsonl, namespaceSchema, NotFoundError, readLocomo, STRUCTURES, validateEpisodesJsonl, ValidationError,
  type EpisodeInput, type IngestFormat, type Limits, type Memory, type StructureName,
} from "@hippograph/memory";
import { globals, withMemory } from "../context.js";
import { count, printJson, round } from "../format.js";
import { writeAll, type CliIO } from "../io.js";
import { choice, intIn } from "../options.js";
import { progressBar } from "../progress.js";

interface IngestOptions {
  batchSize: number;
  structures: StructureName[];
  singleNamespace?: boolean;
  maxTextChars?: number;
  format: IngestFormat | "auto";
}

/** What to write, validated in full before the database is opened: a bad line writes nothing. */
interface Plan {
  format: IngestFormat;
  total: number;
  /** Per namespace, the episodes in batches; lazy for JSONL so a big file is never all in memory. */
  groups: { ns: string; batches: () => AsyncIterable<EpisodeInput[]> }[];
  extra: Record<string, number>;
}

export function registerIngest(program: Command, io: CliIO): void {
  program
    .command("ingest <file>")
    .description("load episodes from a JSONL file (one episode per line) or a LoCoMo JSON file")
    .option("--batch-size <n>", "episodes per write", intIn(1, 10_000), 1000)
    .option("--single-namespace", "LoCoMo: put every conversation in --ns instead of <ns>/<sample_id>")
    .option("--max-text-chars <n>", "reject episodes with longer text", intIn(1, 10_000_000))
    .option("--format <format>", "auto, jsonl or locomo", choice(["auto", "jsonl", "locomo"] as const), "auto")
    .option("--structures <list>", `memory structures to build: none, all, or a comma list of ${STRUCTURES.join(", ")}`, structureList, [])
    .action(async (file: string, options: IngestOptions, command: Command) => {
      const g = globals(command);
      if (!existsSync(file) || !statSync(file).isFile()) throw new NotFoundError(`no such file: ${file}`);
      const limits: Partial<Limits> = options.maxTextChars === undefined ? {} : { maxTextChars: options.maxTextChars };
      const format = options.format === "auto" ? await detectFormat(file) : options.format;
      const plan = format === "locomo" ? await planLocomo(file, g.ns, options, limits) : await planJsonl(file, g.ns, options, limits);
      const started = performance.now();
      let built: Record<string, number> = {};
      await withMemory(g, async (memory) => {
        const bar = progressBar(io, plan.total, { json: g.json, label: "ingest" });
        try {
          built = await write(memory, plan, options.structures, (done) => bar.update(done));
        } finally {
          bar.stop();
        }
      }, { limits });
      const seconds = (performance.now() - started) / 1000;
      const summary = {
        file, format, episodes: plan.total, namespaces: plan.groups.map((x) => x.ns), ...plan.extra,
        ...(options.structures.length > 0 ? { structures: built } : {}),
        seconds: round(seconds), turnsPerSecond: Math.round(plan.total / Math.max(seconds, 1e-3)),
      };
      if (g.json) return printJson(io, summary);
      const where = summary.namespaces.length === 1 ? `namespace "${summary.namespaces[0]}"` : `${summary.namespaces.length} namespaces`;
      await writeAll(io.stdout, `Ingested ${count(plan.total)} episodes (${format}) into ${where} in ${summary.seconds} s (${count(summary.turnsPerSecond)} turns/s).\n`);
    });
}

/** Writes every batch; with structures, through `memory.ingest`, adding up what each batch built. */
async function write(memory: Memory, plan: Plan, structures: StructureName[], progress: (done: number) => void): Promise<Record<string, number>> {
  let done = 0;
  const built: Record<string, number> = {};
  for (const group of plan.groups) {
    for await (const batch of group.batches()) {
      if (structures.length === 0) await memory.addEpisodes(batch, { ns: group.ns, reason: "hippograph ingest" });
      else {
        const report = await memory.ingest(batch, { ns: group.ns, reason: "hippograph ingest", structures });
        for (const [k, v] of Object.entries(report)) built[k] = (built[k] ?? 0) + v;
      }
      progress((done += batch.length));
    }
  }
  return built;
}

function structureList(value: string): StructureName[] {
  if (value === "none") return [];
  if (value === "all") return [...STRUCTURES];
  const names = value.split(",").map((x) => x.trim());
  const unknown = names.filter((n) => !(STRUCTURES as readonly string[]).includes(n));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown structure ${unknown.join(", ")} (choose none, all, or from ${STRUCTURES.join(", ")})`);
  return names as StructureName[];
}

async function planJsonl(file: string, ns: string, options: IngestOptions, limits: Partial<Limits>): Promise<Plan> {
  const { count: total, errors } = await validateEpisodesJsonl(file, { limits });
  if (errors.length > 0) throw new ValidationError(errors, file);
  if (total === 0) throw new ValidationError([{ path: file, message: "the file holds no episodes" }], file);
  return { format: "jsonl", total, groups: [{ ns, batches: () => episodeBatchesJsonl(file, options.batchSize, { limits }) }], extra: {} };
}

async function planLocomo(file: string, ns: string, options: IngestOptions, limits: Partial<Limits>): Promise<Plan> {
  const conversations = await readLocomo(file, { limits });
  const targetOf = (c: { sampleId: string }) => (options.singleNamespace ? ns : `${ns}/${c.sampleId}`);
  // Namespaces are checked now too: an invalid one found mid-write would leave half a load behind.
  const firstOf = new Map<string, number>();
  const issues = conversations.flatMap((c, i) => {
    const target = targetOf(c);
    const r = namespaceSchema.safeParse(target);
    if (!r.success) return [{ path: `[${i}].sample_id`, message: `namespace "${target}": ${r.error.issues[0]!.message}` }];
    // Two samples of one id write the same episode ids: the second would overwrite the first as new versions.
    const first = firstOf.get(c.sampleId);
    if (first !== undefined) return [{ path: `[${i}].sample_id`, message: `repeats the sample_id of [${first}] ("${c.sampleId}")` }];
    firstOf.set(c.sampleId, i);
    return [];
  });
  if (issues.length > 0) throw new ValidationError(issues.slice(0, 20), file);
  const groups = conversations.map((c) => ({
    ns: targetOf(c),
    batches: () => chunks(c.episodes, options.batchSize),
  }));
  const merged = options.singleNamespace ? [{ ns, batches: () => flatten(groups.map((x) => x.batches)) }] : groups;
  return {
    format: "locomo", total: conversations.reduce((n, c) => n + c.episodes.length, 0), groups: merged,
    extra: { conversations: conversations.length, questions: conversations.reduce((n, c) => n + c.questions.length, 0) },
  };
}

async function* chunks<T>(items: readonly T[], size: number): AsyncGenerator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

async function* flatten<T>(sources: readonly (() => AsyncIterable<T>)[]): AsyncGenerator<T> {
  for (const source of sources) yield* source();
}
