import { HippographError, ValidationError } from "@hippograph/memory";
import { END as LG_END, MemorySaver, START as LG_START, StateGraph, type LangGraphRunnableConfig } from "@langchain/langgraph";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { memoryTools } from "@hippograph/nodes";
import type { GraphSpec, NodeSpec } from "../spec/graph-spec.js";
import { END, START } from "../spec/node-spec.js";
import { withArticle } from "../spec/state-spec.js";
import { validateGraph } from "../validate/validate-graph.js";
import { buildState } from "./build-state.js";
import { interruptRunner, llmRunner, memoryRunner, passThrough, routeOf, toolRunner, type Runner } from "./node-runners.js";
import type { CompileOptions, GraphRegistry } from "./registry.js";
import { IssueList } from "./resolve-issues.js";
import { checkUpdate } from "./typed-writes.js";

export interface CompiledAgentGraph {
  spec: GraphSpec;
  /** The LangGraph compiled graph: stream it, inspect it, or embed it in another graph. */
  graph: CompiledGraph;
  /** `graph.invoke` with the spec's recursion limit applied. */
  invoke(input: unknown, config?: LangGraphRunnableConfig): Promise<Record<string, unknown>>;
}

/**
 * Validates a spec and compiles it to a LangGraph StateGraph. Every name the spec uses (model, tool,
 * function, subgraph) is resolved against the registry first; problems are reported together, at their paths.
 */
export function compileGraph(input: unknown, registry: GraphRegistry = {}, options: CompileOptions = {}): CompiledAgentGraph {
  const spec = validateGraph(input, { graphs: Object.keys(registry.graphs ?? {}) });
  const checkpointer = options.checkpointer ?? (hasInterrupt(spec, registry) ? new MemorySaver() : undefined);
  const graph = compileSpec(spec, registry, "", { ...options, ...(checkpointer ? { checkpointer } : {}) });
  return {
    spec, graph,
    invoke: async (value, config = {}) => {
      checkUpdate(spec.state, value, "the run's input");
      return (await graph.invoke(value as never, { recursionLimit: spec.recursionLimit, ...config })) as Record<string, unknown>;
    },
  };
}

/** `expanding`: the registry refs whose specs enclose this one, outermost first (a ref among them is a cycle). */
function compileSpec(spec: GraphSpec, registry: GraphRegistry, at: string, options: CompileOptions, expanding: readonly string[] = []): CompiledGraph {
  const issues = new IssueList();
  const tools: Record<string, StructuredToolInterface> = {
    ...(registry.memory ? Object.fromEntries(memoryTools({ memory: registry.memory, ...(registry.trace ? { trace: registry.trace } : {}) }).map((t) => [t.name, t])) : {}),
    ...registry.tools,
  };
  const pickTools = (names: readonly string[] | undefined, path: string) => (names ?? []).flatMap((n, k) => {
    const t = tools[n];
    if (!t) issues.add(`${path}[${k}]`, `no tool named "${n}" in the registry (have: ${Object.keys(tools).join(", ") || "none"})`);
    return t ? [t] : [];
  });
  // LangGraph's typed builder cannot follow a state shape known only at run time; the spec was validated instead.
  const builder = new StateGraph(buildState(spec.state)) as unknown as DynamicGraph;
  spec.nodes.forEach((node, i) => {
    const path = `${at}nodes[${i}]`;
    const runner = runnerFor(node, path, spec, registry, issues, pickTools, options, expanding);
    if (runner) builder.addNode(node.id, typeof runner === "function" ? checked(runner, spec, node.id) : runner);
  });
  issues.throwIfAny();
  const id = (n: string) => (n === START ? LG_START : n === END ? LG_END : n);
  for (const e of spec.edges) builder.addEdge(id(e.from), id(e.to));
  for (const node of spec.nodes) {
    if (node.type !== "router") continue;
    const targets = [...new Set([...node.routes.map((r) => r.to), node.default])].map(id);
    builder.addConditionalEdges(node.id, routeOf(node, LG_END), targets);
  }
  return builder.compile({ ...(options.checkpointer ? { checkpointer: options.checkpointer } : {}), ...(options.store ? { store: options.store } : {}) });
}

/** A node whose returned update is checked against the channels' declared types (a subgraph's own nodes check theirs). */
function checked(run: Runner, spec: GraphSpec, id: string): Runner {
  return async (state, config) => {
    const update = await run(state, config);
    checkUpdate(spec.state, update, `node "${id}"`);
    return update;
  };
}

type PickTools = (names: readonly string[] | undefined, path: string) => StructuredToolInterface[];

function runnerFor(
  node: NodeSpec, path: string, spec: GraphSpec, registry: GraphRegistry, issues: IssueList, pickTools: PickTools, options: CompileOptions, expanding: readonly string[],
): Runner | CompiledGraph | undefined {
  switch (node.type) {
    case "llm": {
      const model = registry.models?.[node.model];
      if (!model) issues.add(`${path}.model`, `no model named "${node.model}" in the registry (have: ${Object.keys(registry.models ?? {}).join(", ") || "none"})`);
      const bound = pickTools(node.tools, `${path}.tools`);
      return model ? llmRunner(node, model, bound, spec.state) : undefined;
    }
    case "tool": return toolRunner(node, pickTools(node.tools, `${path}.tools`));
    case "memory":
      if (!registry.memory) return void issues.add(path, "memory nodes need `memory` in the registry");
      return issues.capture(path, () => memoryRunner(node, registry.memory!, registry.trace));
    case "router": return passThrough;
    case "interrupt": return interruptRunner(node);
    case "function": {
      const fn = registry.functions?.[node.fn];
      if (!fn) issues.add(`${path}.fn`, `no function named "${node.fn}" in the registry`);
      return fn;
    }
    case "subgraph": {
      const child = subgraphOf(node, registry, expanding);
      if (!child) return void issues.add(`${path}.ref`, `subgraph "${node.ref}" contains itself: ${[...expanding, node.ref].join(" → ")}`);
      // Its results reach the parent's channels through the parent's reducers, unchecked where a channel is empty.
      for (const [name, ch] of Object.entries(child.state)) {
        const mine = Object.hasOwn(spec.state, name) ? spec.state[name]! : undefined;
        if (mine && mine.type !== ch.type) {
          issues.add(node.ref ? `${path}.ref` : `${path}.spec.state.${name}`, `channel "${name}" is ${withArticle(ch.type)} in the subgraph but ${withArticle(mine.type)} in the graph around it: a shared channel has one type`);
        }
      }
      // A subgraph shares the parent's checkpointer through LangGraph, so only the root gets one.
      return compileSpec(child, registry, `${path}.spec.`, { ...(options.store ? { store: options.store } : {}) }, node.ref ? [...expanding, node.ref] : expanding);
    }
  }
}

/**
 * A subgraph node's spec: inline, or the registry graph it names, validated like a root spec;
 * undefined for a ref already being expanded around it (a ref cycle would recurse for ever).
 */
function subgraphOf(node: Extract<NodeSpec, { type: "subgraph" }>, registry: GraphRegistry, expanding: readonly string[]): GraphSpec | undefined {
  if (node.spec) return node.spec;
  const ref = node.ref!;
  if (expanding.includes(ref)) return undefined;
  try {
    return validateGraph(registry.graphs?.[ref], { graphs: Object.keys(registry.graphs ?? {}) });
  } catch (error) {
    // The problem is in the registry's graph, not the spec being compiled: say which one.
    if (!HippographError.isInstance(error) || error.code !== "VALIDATION") throw error;
    throw new ValidationError((error as ValidationError).issues.map((i) => ({ path: `graphs.${ref}.${i.path}`, message: i.message })), "graph spec");
  }
}

/**
 * Whether the graph can pause, counting subgraphs inline and by registry ref: an interrupt anywhere
 * needs the root's checkpointer. Refs are known to exist (validation checks them against the
 * registry); a ref cycle is left for compileSpec to report.
 */
function hasInterrupt(spec: GraphSpec, registry: GraphRegistry, expanding: readonly string[] = []): boolean {
  return spec.nodes.some((n) => {
    if (n.type === "interrupt") return true;
    if (n.type !== "subgraph") return false;
    const child = subgraphOf(n, registry, expanding);
    return child !== undefined && hasInterrupt(child, registry, n.ref ? [...expanding, n.ref] : expanding);
  });
}

interface DynamicGraph {
  addNode(id: string, run: unknown): DynamicGraph;
  addEdge(from: string, to: string): DynamicGraph;
  addConditionalEdges(from: string, route: (s: Record<string, unknown>) => string, targets: string[]): DynamicGraph;
  compile(options: CompileOptions): CompiledGraph;
}

type StreamMode = "values" | "updates" | "messages" | "custom" | "debug";

/** The parts of LangGraph's CompiledStateGraph callers use; the full object is what is returned. */
export interface CompiledGraph {
  invoke(input: unknown, config?: LangGraphRunnableConfig): Promise<unknown>;
  /** With several `streamMode`s, each chunk is a `[mode, chunk]` pair. */
  stream(input: unknown, config?: LangGraphRunnableConfig & { streamMode?: StreamMode | StreamMode[] }): Promise<AsyncIterable<unknown>>;
  getState(config: LangGraphRunnableConfig): Promise<{ values: Record<string, unknown>; next: string[] }>;
}
