import { ValidationError, parseInput, type Issue } from "@hippograph/memory";
import { graphSpecSchema, type GraphSpec } from "../spec/graph-spec.js";
import { END, START } from "../spec/node-spec.js";
import { fitsType, REDUCERS_FOR, withArticle } from "../spec/state-spec.js";
import { channelIssues } from "./channel-refs.js";
import { memoryOptionIssues } from "./memory-options.js";
import { cycles, reachable, reverse, type Adjacency } from "./graph-analysis.js";

export interface ValidateOptions {
  /** Names a `ref` subgraph may use; when given, an unknown ref is an error. */
  graphs?: readonly string[];
}

/**
 * Parses and checks a spec: its shape (Zod), then what a schema cannot say — unique ids, edges and routes
 * to existing nodes, every node reachable from START and able to reach END, every cycle with a router
 * that can leave it. All problems are reported at once, each at its JSON path (`nodes[2].routes[0].to`).
 */
export function validateGraph(input: unknown, options: ValidateOptions = {}): GraphSpec {
  const spec = parseInput(graphSpecSchema, input, "graph spec") as GraphSpec;
  const issues = structuralIssues(spec, "", options);
  if (issues.length > 0) throw new ValidationError(issues, "graph spec");
  return spec;
}

function structuralIssues(spec: GraphSpec, at: string, options: ValidateOptions): Issue[] {
  const issues: Issue[] = [];
  const add = (path: string, message: string) => issues.push({ path: `${at}${path}`, message });

  for (const [name, ch] of Object.entries(spec.state)) {
    if (ch.reducer && !REDUCERS_FOR[ch.type].includes(ch.reducer)) {
      add(`state.${name}.reducer`, `reducer "${ch.reducer}" does not fit a ${ch.type} channel (use ${REDUCERS_FOR[ch.type].join(" or ")})`);
    }
    if (ch.default !== undefined && ch.default !== null && !fitsType(ch.type, ch.default)) {
      add(`state.${name}.default`, `${withArticle(ch.type)} channel's default must be ${withArticle(ch.type)}`);
    }
  }
  issues.push(...channelIssues(spec, at));
  issues.push(...memoryOptionIssues(spec, at));

  const position = new Map<string, number>();
  spec.nodes.forEach((n, i) => {
    if (position.has(n.id)) add(`nodes[${i}].id`, `duplicate node id "${n.id}" (first at nodes[${position.get(n.id)}])`);
    else position.set(n.id, i);
    if (Object.hasOwn(spec.state, n.id)) add(`nodes[${i}].id`, `"${n.id}" is also a state channel: LangGraph needs node names apart from channel names`);
  });
  const isNode = (id: string) => position.has(id);

  const next: Adjacency = new Map([[START, []], ...spec.nodes.map((n) => [n.id, []] as [string, string[]])]);
  const link = (from: string, to: string) => next.get(from)?.push(to);
  spec.edges.forEach((e, j) => {
    const fromOk = e.from === START || isNode(e.from);
    const toOk = e.to === END || isNode(e.to);
    if (!fromOk) add(`edges[${j}].from`, e.from === END ? "an edge cannot leave END" : `edge from missing node "${e.from}"`);
    if (!toOk) add(`edges[${j}].to`, e.to === START ? "an edge cannot enter START" : `edge to missing node "${e.to}"`);
    const source = spec.nodes[position.get(e.from) ?? -1];
    if (source?.type === "router") add(`edges[${j}].from`, `"${e.from}" is a router: it leaves only through its routes and default`);
    if (fromOk && toOk) link(e.from, e.to);
  });
  if (!spec.edges.some((e) => e.from === START)) add("edges", "no edge leaves START: the graph has no entry");

  spec.nodes.forEach((n, i) => {
    if (n.type === "router") {
      const targets = [...n.routes.map((r, k) => [r.to, `nodes[${i}].routes[${k}].to`] as const), [n.default, `nodes[${i}].default`] as const];
      for (const [to, path] of targets) {
        if (to === END || isNode(to)) link(n.id, to);
        else add(path, `route to missing node "${to}"`);
      }
    }
    if (n.type === "subgraph") {
      if ((n.ref === undefined) === (n.spec === undefined)) add(`nodes[${i}].ref`, "give exactly one of `ref` and `spec`");
      if (n.ref !== undefined && options.graphs && !options.graphs.includes(n.ref)) add(`nodes[${i}].ref`, `no graph named "${n.ref}" in the registry`);
      if (n.spec) issues.push(...structuralIssues(n.spec, `${at}nodes[${i}].spec.`, options));
    }
  });

  const fromStart = reachable(START, next);
  spec.nodes.forEach((n, i) => {
    if (!fromStart.has(n.id)) add(`nodes[${i}]`, `node "${n.id}" is unreachable from START`);
  });

  // A cycle is only safe if a router inside it can branch out of it; otherwise it runs until the recursion limit.
  const trapped = new Set<string>();
  for (const scc of cycles([START, ...spec.nodes.map((n) => n.id)], next)) {
    const members = new Set(scc);
    const exits = scc.some((id) => {
      const node = spec.nodes[position.get(id)!];
      return node?.type === "router" && [...node.routes.map((r) => r.to), node.default].some((t) => !members.has(t));
    });
    if (!exits) {
      const first = Math.min(...scc.map((id) => position.get(id)!));
      add(`nodes[${first}]`, `cycle ${[...scc, scc[0]].join(" → ")} has no exit condition: add a router in it that can leave it`);
      scc.forEach((id) => trapped.add(id));
    }
  }
  // A loop of plain edges alone can never be left, even inside a larger cycle a router exits: its edges
  // always fire (a plain edge out of it runs beside them, it does not replace them).
  const plain: Adjacency = new Map(spec.nodes.filter((n) => n.type !== "router").map((n) => [n.id, [] as string[]]));
  for (const e of spec.edges) if (plain.has(e.from) && plain.has(e.to)) plain.get(e.from)!.push(e.to);
  for (const scc of cycles([...plain.keys()], plain)) {
    if (scc.every((id) => trapped.has(id))) continue;
    const first = Math.min(...scc.map((id) => position.get(id)!));
    add(`nodes[${first}]`, `cycle ${[...scc, scc[0]].join(" → ")} is made of plain edges only, so it never stops: route it through a router that can leave it`);
    scc.forEach((id) => trapped.add(id));
  }

  const toEnd = reachable(END, reverse(next));
  spec.nodes.forEach((n, i) => {
    if (fromStart.has(n.id) && !toEnd.has(n.id) && !trapped.has(n.id)) add(`nodes[${i}]`, `no path from "${n.id}" to END`);
  });
  return issues;
}
