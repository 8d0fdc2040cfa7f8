import { renameSync, rmSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { z } from "zod";
import { NotFoundError, ValidationError, parseInput } from "@hippograph/memory";
import { compileGraph, modelFromEnv, writeIssues, parseGraphSpec, ScriptedChatModel, type CompiledAgentGraph, type GraphSpec, type ScriptedReply } from "@hippograph/graphs";
import { BaseMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { globals, withMemory } from "../context.js";
import { parseJson, readText } from "../read-input.js";
import { printJson } from "../format.js";
import type { CliIO } from "../io.js";
import type { RunStep, RunTrace } from "../run-trace.js";

const inputSchema = z.record(z.string(), z.unknown());
const scriptSchema = z.array(z.union([z.string(), z.strictObject({
  content: z.string().optional(),
  toolCalls: z.array(z.strictObject({ id: z.string().min(1).optional(), name: z.string(), args: z.record(z.string(), z.unknown()) })).optional(),
})]));

export function registerRun(program: Command, io: CliIO): void {
  program
    .command("run <spec>")
    .description("run a declarative agent graph (JSON or YAML spec) on --input and print the final state as JSON")
    .option("--input <json>", "initial state as JSON, or @file.json (e.g. '{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}')", "{}")
    .option("--thread <id>", "thread id (memory nodes chain episodes by it)", "cli")
    .option("--scripted <json>", "offline: a JSON array of replies every llm node plays in turn, instead of OPENAI_BASE_URL")
    .option("--trace <file>", "also write the run step by step (which node ran, what it changed) as JSON, for `hippograph studio --run`")
    .action(async (specPath: string, options: { input: string; thread: string; scripted?: string; trace?: string }, command: Command) => {
      const g = globals(command);
      const spec = parseGraphSpec(await readText(specPath, "spec file"));
      refuseInterrupts(spec);
      const input = parseInput(inputSchema, parseJson(await textOrFile(options.input), "--input", "run"), "run", "--input");
      checkInputChannels(spec, input);
      const models = modelsFor(spec, io.env, options.scripted);
      const steps: RunStep[] = [];
      let state: Record<string, unknown>;
      try {
        state = await withMemory(g, (memory) =>
          stepByStep(compileGraph(spec, { models, memory }), input, { configurable: { thread_id: options.thread, memory_ns: g.ns } }, steps));
      } catch (error) {
        // A failed run is when its steps matter most (a loop that hit the recursion limit): they are kept.
        if (options.trace !== undefined) writeTrace(options.trace, { graph: spec.name, input: toJson(input), steps, error: (error as Error).message ?? String(error) });
        throw error;
      }
      if (options.trace !== undefined) writeTrace(options.trace, { graph: spec.name, input: toJson(input), steps, final: toJson(state) });
      await printJson(io, toJson(state));
    });
}

/**
 * The run as LangGraph streams it: per super-step, each node that ran and the state update it returned,
 * and after it the whole state (the last one is the final state, as `invoke` returns it). Every run is
 * streamed, traced or not, so a trace shows the very run the command printed.
 */
async function stepByStep(app: CompiledAgentGraph, input: Record<string, unknown>, config: { configurable: Record<string, string> }, steps: RunStep[]) {
  let state: Record<string, unknown> = {};
  const stream = await app.graph.stream(input as never, { ...config, recursionLimit: app.spec.recursionLimit, streamMode: ["updates", "values"] });
  for await (const [mode, chunk] of stream as AsyncIterable<[string, Record<string, unknown>]>) {
    if (mode === "values") state = chunk;
    else for (const [node, update] of Object.entries(chunk)) steps.push({ node, update: toJson((update ?? {}) as Record<string, unknown>) });
  }
  return state;
}

/** Written beside the target and renamed: a failed run leaves no half trace. */
function writeTrace(path: string, trace: RunTrace): void {
  const partial = `${path}.partial-${process.pid}`;
  try {
    writeFileSync(partial, `${JSON.stringify(trace, null, 2)}\n`);
    renameSync(partial, path);
  } catch (error) {
    rmSync(partial, { force: true });
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new NotFoundError(`cannot write ${path}: its directory does not exist`);
    throw error;
  }
}

/** Every node of the spec with its path, those of inline subgraphs included (the CLI has no registry for refs). */
function allNodes(spec: GraphSpec, prefix = ""): { node: GraphSpec["nodes"][number]; path: string }[] {
  return spec.nodes.flatMap((node, i) => {
    const path = `${prefix}nodes[${i}]`;
    return [{ node, path }, ...(node.type === "subgraph" && node.spec ? allNodes(node.spec as GraphSpec, `${path}.spec.`) : [])];
  });
}

/** A run that pauses could never be resumed from here: the checkpointer that holds it dies with the process. */
function refuseInterrupts(spec: GraphSpec): void {
  const paused = allNodes(spec).filter(({ node }) => node.type === "interrupt");
  if (paused.length === 0) return;
  throw new ValidationError(paused.map(({ path }) => ({
    path: `${path}.type`, message: "an interrupt pauses the run for a human, and `hippograph run` cannot resume it: run this graph from code with a checkpointer (docs/agent-graphs.md)",
  })), "run");
}

/** LangGraph drops input keys that are no channel (a typo, "mesages", would run on an empty state); values must fit their channel's type. */
function checkInputChannels(spec: GraphSpec, input: Record<string, unknown>): void {
  const unknown = Object.keys(input).filter((key) => !Object.hasOwn(spec.state, key));
  const channels = Object.keys(spec.state).join(", ");
  const issues = unknown.map((key) => ({ path: `--input.${key}`, message: `not a channel of the spec's state (channels: ${channels})` }));
  // The run is streamed from the LangGraph graph, which stores a first write without the typed reducer.
  issues.push(...writeIssues(spec.state, input, "--input."));
  if (issues.length > 0) throw new ValidationError(issues, "run");
}

/** Every model the spec names, in subgraphs too, gets the same model: the scripted one, or the OpenAI-compatible endpoint. */
function modelsFor(spec: GraphSpec, env: Record<string, string | undefined>, scripted: string | undefined): Record<string, BaseChatModel> {
  const names = new Set(allNodes(spec).flatMap(({ node }) => (node.type === "llm" ? [node.model] : [])));
  if (names.size === 0) return {};
  let model: BaseChatModel;
  if (scripted !== undefined) model = new ScriptedChatModel(parseInput(scriptSchema, parseJson(scripted, "--scripted", "run"), "run", "--scripted") as ScriptedReply[]);
  else if (env.OPENAI_BASE_URL) model = modelFromEnv(new ScriptedChatModel([]), env);
  else throw new NotFoundError("the spec has llm nodes: set OPENAI_BASE_URL (and OPENAI_API_KEY, OPENAI_MODEL), or pass --scripted");
  return Object.fromEntries([...names].map((n) => [n, model]));
}

const textOrFile = (value: string) => (value.startsWith("@") ? readText(value.slice(1), "--input file") : Promise.resolve(value));

/** Messages print as { type, content, tool_calls? }: the final state, readable and machine-parsable. */
function toJson(state: Record<string, unknown>): Record<string, unknown> {
  const plain = (v: unknown): unknown => {
    if (BaseMessage.isInstance(v)) {
      const calls = (v as { tool_calls?: unknown[] }).tool_calls;
      return { type: v.getType(), content: v.content, ...(calls?.length ? { tool_calls: calls } : {}) };
    }
    return Array.isArray(v) ? v.map(plain) : v;
  };
  return Object.fromEntries(Object.entries(state).map(([k, v]) => [k, plain(v)]));
}
