import type { z } from "zod";
import type { GraphRegistry, CompileOptions } from "../compile/registry.js";
import { compileGraph, type CompiledAgentGraph } from "../compile/compile-graph.js";
import type { GraphSpec, GraphSpecInput } from "../spec/graph-spec.js";
import type { Condition } from "../spec/condition.js";
import type { MEMORY_OPS, interruptNodeSchema, llmNodeSchema, toolNodeSchema } from "../spec/node-spec.js";
import type { ChannelSpec } from "../spec/state-spec.js";
import { validateGraph } from "../validate/validate-graph.js";

type Without<T> = Omit<T, "id" | "type">;
type NodeInput = GraphSpecInput["nodes"][number];

/**
 * The same graphs as a spec, written in TypeScript. Each call appends to a spec object; `build()` validates
 * it exactly as a JSON/YAML spec is validated, and `compile()` compiles it the same way — a builder graph
 * and a spec graph are interchangeable (`toJSON()` prints the spec).
 */
export class GraphBuilder {
  private readonly spec: { name: string; description?: string; state: Record<string, Partial<ChannelSpec> & Pick<ChannelSpec, "type">>; nodes: NodeInput[]; edges: { from: string; to: string }[]; recursionLimit?: number };

  constructor(name: string, description?: string) {
    this.spec = { name, ...(description ? { description } : {}), state: {}, nodes: [], edges: [] };
  }

  channel(name: string, channel: Partial<ChannelSpec> & Pick<ChannelSpec, "type">): this {
    this.spec.state[name] = channel;
    return this;
  }

  llm(id: string, node: Without<z.input<typeof llmNodeSchema>>): this {
    return this.node({ id, type: "llm", ...node });
  }

  tool(id: string, node: Without<z.input<typeof toolNodeSchema>>): this {
    return this.node({ id, type: "tool", ...node });
  }

  memory(id: string, op: (typeof MEMORY_OPS)[number], options: Record<string, unknown> = {}): this {
    return this.node({ id, type: "memory", op, options });
  }

  router(id: string, routes: { when: Condition; to: string }[], otherwise: string): this {
    return this.node({ id, type: "router", routes, default: otherwise });
  }

  interrupt(id: string, node: Without<z.input<typeof interruptNodeSchema>>): this {
    return this.node({ id, type: "interrupt", ...node });
  }

  fn(id: string, fn: string): this {
    return this.node({ id, type: "function", fn });
  }

  subgraph(id: string, graph: string | GraphBuilder | GraphSpecInput): this {
    const ref = typeof graph === "string" ? { ref: graph } : { spec: graph instanceof GraphBuilder ? graph.toJSON() : graph };
    return this.node({ id, type: "subgraph", ...ref } as NodeInput);
  }

  /** `edge("a", "b", "c")` is a → b → c; START and END are the strings "START" and "END". */
  edge(...path: string[]): this {
    for (let i = 1; i < path.length; i++) this.spec.edges.push({ from: path[i - 1]!, to: path[i]! });
    return this;
  }

  recursionLimit(limit: number): this {
    this.spec.recursionLimit = limit;
    return this;
  }

  toJSON(): GraphSpecInput {
    return structuredClone(this.spec) as GraphSpecInput;
  }

  build(): GraphSpec {
    return validateGraph(this.toJSON());
  }

  compile(registry: GraphRegistry = {}, options: CompileOptions = {}): CompiledAgentGraph {
    return compileGraph(this.toJSON(), registry, options);
  }

  private node(node: NodeInput): this {
    this.spec.nodes.push(node);
    return this;
  }
}

export function graph(name: string, description?: string): GraphBuilder {
  return new GraphBuilder(name, description);
}
