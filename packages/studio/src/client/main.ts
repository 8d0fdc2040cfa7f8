/**
 * The studio page: pick a namespace, ask a question, and read the retrieval — each operator in the
 * left column, the subgraph it touched in the middle, the clicked node and its path on the right.
 */
import type { WireAgentGraph, WireAgentRun, WireRetrieval } from "../wire/wire.js";
import { AGENT_TYPE_COLORS, agentGraph, stepFocus } from "./agent-graph.js";
import { agentGraphs, defaultPipeline, namespaces, neighbourhood, retrieve, stats, StudioRequestError } from "./api.js";
import { byId, el } from "./dom.js";
import { GraphView } from "./graph-view.js";
import { renderAgentNode, renderAgentSummary, renderNode, renderRunStep, renderStep } from "./inspector.js";
import { renderCounts, renderSteps } from "./steps-panel.js";
import { KIND_COLORS, OTHER_KIND_COLOR, pathEdges, retrievalGraph, type StudioGraph } from "./to-graph.js";

const nsSelect = byId<HTMLSelectElement>("ns");
const queryInput = byId<HTMLInputElement>("query");
const stepsPanel = byId("steps");
const inspector = byId("inspector");
const pipelineText = byId<HTMLTextAreaElement>("pipeline");
const dialog = byId<HTMLDialogElement>("pipeline-dialog");
const asOf = byId<HTMLInputElement>("as-of");
const viewSelect = byId<HTMLSelectElement>("view");
/** The agent graphs the server was started with, by name; when one is shown, clicks inspect its nodes. */
let agents = new Map<string, WireAgentGraph>();
let agentRuns: WireAgentRun[] = [];
let shownAgent: WireAgentGraph | undefined;

let current: { retrieval: WireRetrieval; graph: StudioGraph } | undefined;
/**
 * Bumped by every change of what the page shows (a query sent, a namespace or view picked): an answer
 * that arrives for an older ticket is dropped, not drawn over the newer screen.
 */
let ticket = 0;
let defaultSteps = "";
const view = new GraphView(byId("graph"), (id) => {
  if (shownAgent) renderAgentNode(inspector, id, shownAgent);
  else void select(id).catch(showError);
});
const legend = el("div", { className: "legend" });
byId("graph").append(legend);
/** The colour key of what is drawn: memory node kinds, or agent node types. */
function showLegend(colors: Readonly<Record<string, string>>): void {
  legend.replaceChildren(...Object.entries(colors).flatMap(([name, color]) => {
    const dot = el("i");
    dot.style.background = color;
    return [dot, name];
  }));
}
const MEMORY_COLORS = { ...KIND_COLORS, other: OTHER_KIND_COLOR };

async function start(): Promise<void> {
  const [list, pipeline, graphs] = await Promise.all([namespaces(), defaultPipeline(), agentGraphs()]);
  agents = new Map(graphs.graphs.map((g) => [g.name, g]));
  agentRuns = graphs.runs;
  for (const g of graphs.graphs) {
    const option = el("option", { text: `agent graph: ${g.name}` });
    option.value = g.name;
    viewSelect.append(option);
  }
  viewSelect.hidden = graphs.graphs.length === 0;
  const shown = list.namespaces.includes(list.default) ? list.namespaces : [list.default, ...list.namespaces];
  nsSelect.replaceChildren(...shown.map((ns) => el("option", { text: ns })));
  nsSelect.value = list.default;
  defaultSteps = JSON.stringify(pipeline.steps, null, 2);
  pipelineText.value = defaultSteps;
  const query = new URLSearchParams(location.search).get("q");
  if (query) {
    queryInput.value = query;
    await run();
  } else {
    await memoryView();
  }
}

/** The memory, with nothing asked yet: the namespace's counts by kind. */
async function memoryView(): Promise<void> {
  const mine = ++ticket;
  enterMemory();
  current = undefined;
  view.clear();
  inspector.replaceChildren(el("p", { className: "dim", text: "Click a node to see it, and the path that activated it." }));
  document.body.dataset["state"] = "idle";
  const ns = nsSelect.value;
  const counts = await stats(ns);
  if (mine === ticket) renderCounts(stepsPanel, ns, counts);
}

function enterMemory(): void {
  shownAgent = undefined;
  viewSelect.value = "";
  showLegend(MEMORY_COLORS);
}

async function run(): Promise<void> {
  const query = queryInput.value.trim();
  if (!query) return;
  const mine = ++ticket;
  enterMemory();
  document.body.dataset["state"] = "running";
  try {
    const pipeline = pipelineText.value.trim() === defaultSteps.trim() ? undefined : parsePipeline(pipelineText.value);
    // A local date and time from the picker; the memory takes ISO 8601 with a zone.
    const at = asOf.value ? new Date(asOf.value).toISOString() : undefined;
    const retrieval = await retrieve({ query, ns: nsSelect.value, ...(pipeline === undefined ? {} : { pipeline }), ...(at ? { view: { validAt: at, knownAt: at } } : {}) });
    if (mine !== ticket) return;
    const graph = retrievalGraph(retrieval);
    current = { retrieval, graph };
    view.show(graph);
    renderSteps(stepsPanel, retrieval, (step) => {
      renderStep(inspector, step, retrieval, (id) => void select(id).catch(showError));
      view.highlight({ nodes: step.top.map((t) => t.id), edges: [] });
    });
    const first = retrieval.ranking.find((id) => graph.hasNode(id));
    if (first) await select(first).catch(showError);
    else inspector.replaceChildren(el("p", { className: "dim", text: "Nothing found for this query in this namespace." }));
    if (mine === ticket) document.body.dataset["state"] = "done";
  } catch (error) {
    if (mine !== ticket) return;
    showError(error);
    document.body.dataset["state"] = "error";
  }
}

/** Inspects a node of the retrieval shown; a node not drawn (cut by the picture's cap) is fetched first. */
async function select(id: string): Promise<void> {
  const shown = current;
  if (!shown) return;
  const { retrieval, graph } = shown;
  let node = retrieval.nodes.find((n) => n.id === id);
  if (!node) node = (await neighbourhood(retrieval.ns, id, retrieval.view)).node;
  if (current !== shown) return; // the screen changed meanwhile
  const path = retrieval.roles[id]?.path ?? [];
  view.select(id);
  view.highlight(path.length > 1 ? { nodes: path.map((p) => p.id), edges: pathEdges(graph, path) } : undefined);
  renderNode(inspector, node, retrieval, {
    expand: () => void neighbourhood(retrieval.ns, id, retrieval.view).then((n) => {
      if (current !== shown) return;
      view.expand(id, n);
      view.highlight(undefined);
    }, showError),
  });
}

/** An agent's workflow in place of the memory. */
function agentView(agent: WireAgentGraph): void {
  ++ticket;
  current = undefined;
  shownAgent = agent;
  document.body.dataset["state"] = "idle";
  showLegend(AGENT_TYPE_COLORS);
  const graph = agentGraph(agent);
  view.show(graph);
  const inspect = (id: string) => {
    view.select(id);
    renderAgentNode(inspector, id, agent);
  };
  const step = (run: WireAgentRun, i: number) => {
    const focus = stepFocus(graph, run, i);
    view.select(run.steps[i]!.node);
    view.highlight(focus);
    renderRunStep(inspector, run, i);
  };
  renderAgentSummary(stepsPanel, agent, agentRuns.filter((r) => r.graph === agent.name), inspect, step);
  inspector.replaceChildren(el("p", { className: "dim", text: "Click a node to see what it does and where control goes next." }));
}

function parsePipeline(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new StudioRequestError(`the pipeline is not valid JSON: ${(error as Error).message}`);
  }
}

function showError(error: unknown): void {
  const issues = error instanceof StudioRequestError ? error.issues.map((i) => `\n  ${i.path}: ${i.message}`).join("") : "";
  inspector.replaceChildren(el("p", { className: "error", text: `${error instanceof Error ? error.message : String(error)}${issues}` }));
}

byId("run").addEventListener("click", () => void run());
nsSelect.addEventListener("change", () => void memoryView().catch(showError));
viewSelect.addEventListener("change", () => {
  const agent = agents.get(viewSelect.value);
  if (agent) agentView(agent);
  else void memoryView().catch(showError);
});
queryInput.addEventListener("keydown", (e) => {
  if (e.key === "Enter") void run();
});
byId("edit").addEventListener("click", () => dialog.showModal());
byId("pipeline-close").addEventListener("click", () => dialog.close());
byId("pipeline-reset").addEventListener("click", () => {
  pipelineText.value = defaultSteps;
});
start().catch(showError);
