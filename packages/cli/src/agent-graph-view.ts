import { END, START, type GraphSpec, type NodeSpec } from "@hippograph/graphs";
import type { WireAgentGraph, WireAgentNode } from "@hippograph/studio";

/** A validated agent spec as the studio draws it: every node with a one-line summary, every edge with its router condition. */
export function agentGraphView(spec: GraphSpec): WireAgentGraph {
  const nodes: WireAgentNode[] = [
    { id: START, type: "start", detail: "entry" },
    ...spec.nodes.map((n) => ({ id: n.id, type: n.type, detail: detail(n) })),
    { id: END, type: "end", detail: "exit" },
  ];
  const edges: WireAgentGraph["edges"] = spec.edges.map((e) => ({ from: e.from, to: e.to, when: null }));
  for (const n of spec.nodes) {
    if (n.type !== "router") continue;
    for (const r of n.routes) edges.push({ from: n.id, to: r.to, when: `${r.when.channel} ${r.when.op}${r.when.value === undefined ? "" : ` ${JSON.stringify(r.when.value)}`}` });
    edges.push({ from: n.id, to: n.default, when: "default" });
  }
  return { name: spec.name, description: spec.description ?? null, nodes, edges };
}

function detail(n: NodeSpec): string {
  const about = n.description ? ` — ${n.description}` : "";
  switch (n.type) {
    case "llm": return `model ${n.model}${n.tools?.length ? `, tools ${n.tools.join(", ")}` : ""}${about}`;
    case "tool": return `runs ${n.tools.join(", ")}${about}`;
    case "memory": return `memory.${n.op}${Object.keys(n.options).length ? ` ${JSON.stringify(n.options)}` : ""}${about}`;
    case "router": return `${n.routes.length} route${n.routes.length === 1 ? "" : "s"}, default ${n.default}${about}`;
    case "interrupt": return `asks a human, answer into ${n.output}${about}`;
    case "function": return `function ${n.fn}${about}`;
    case "subgraph": return `${n.ref ? `graph ${n.ref}` : `inline graph ${n.spec?.name ?? ""}`}${about}`;
  }
}
