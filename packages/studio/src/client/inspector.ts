import type { WireAgentGraph, WireAgentRun, WireNode, WireRetrieval, WireStep } from "../wire/wire.js";
import { el } from "./dom.js";
import { excerpt } from "./excerpt.js";

/** One node: its text, kind, time, provenance and trust, and its part in the retrieval (rank, evidence, the path that activated it). */
export function renderNode(container: HTMLElement, node: WireNode, r: WireRetrieval | undefined, actions: { expand: () => void }): void {
  const role = r?.roles[node.id];
  const expand = el("button", { text: "Show neighbours" });
  expand.addEventListener("click", actions.expand);
  const parts: (Node | string)[] = [
    el("h3", { text: `${node.kind}${role?.rank != null ? ` · rank ${role.rank}` : ""}` }),
    el("p", { text: node.text || "(no text)" }),
    el("p", { className: "dim", text: `id ${node.id}${node.at ? ` · ${node.at}` : ""}` }),
    el("p", { className: "dim", text: `source ${node.source.id} (${node.source.type}, trust ${node.source.trust})` }),
  ];
  if (role) {
    if (role.score !== null) parts.push(el("p", { text: `score ${role.score.toFixed(4)}` }));
    if (role.activation !== null) parts.push(el("p", { text: `activation ${role.activation.toFixed(4)}${role.seed ? " · seed" : ""}` }));
    const found = Object.entries(role.evidence);
    if (found.length) parts.push(el("p", { className: "dim", text: `found by ${found.map(([k, v]) => `${k} #${v.rank}`).join(", ")}` }));
    if (role.path.length > 1) {
      const path = el("p", { className: "path" });
      role.path.forEach((step, i) => {
        if (i > 0) path.append(" ", el("span", { className: "via", text: `→${step.via}→` }), " ");
        path.append(el("span", { text: shortText(r!, step.id) }));
      });
      parts.push(el("h4", { text: "Strongest path from a seed" }), path);
    }
  }
  if (Object.keys(node.attrs).length) parts.push(el("h4", { text: "Attributes" }), el("pre", { text: JSON.stringify(node.attrs, null, 2) }));
  parts.push(expand);
  container.replaceChildren(...parts);
}

/** One operator: its top items. */
export function renderStep(container: HTMLElement, step: WireStep, r: WireRetrieval, select: (id: string) => void): void {
  const list = el("ol", { className: "items" });
  for (const t of step.top) {
    const li = el("li", { text: `${t.score.toFixed(4)} ${shortText(r, t.id)}` });
    li.addEventListener("click", () => select(t.id));
    list.append(li);
  }
  container.replaceChildren(el("h3", { text: `${step.step} (${step.op})` }), el("p", { className: "dim", text: `top ${step.top.length} of ${step.count}` }), list);
}

function shortText(r: WireRetrieval, id: string): string {
  const n = r.nodes.find((x) => x.id === id);
  if (!n) return id;
  return excerpt(n.text || n.kind, 60);
}

/** One node of an agent graph: its type, what it does, and where control comes from and goes (with router conditions). */
export function renderAgentNode(container: HTMLElement, id: string, w: WireAgentGraph): void {
  const node = w.nodes.find((n) => n.id === id);
  if (!node) return;
  const edge = (other: string, when: string | null) => el("li", { text: `${other}${when ? `  when ${when}` : ""}` });
  const incoming = w.edges.filter((e) => e.to === id);
  const outgoing = w.edges.filter((e) => e.from === id);
  container.replaceChildren(
    el("h3", { text: `${node.id} · ${node.type}` }),
    el("p", { text: node.detail }),
    el("h4", { text: "Comes from" }), el("ul", {}, ...incoming.map((e) => edge(e.from, e.when))),
    el("h4", { text: "Goes to" }), el("ul", {}, ...outgoing.map((e) => edge(e.to, e.when))),
  );
}

/** An agent graph's summary for the left column: its nodes, then its recorded runs step by step. */
export function renderAgentSummary(
  container: HTMLElement, w: WireAgentGraph, runs: readonly WireAgentRun[], select: (id: string) => void, step: (run: WireAgentRun, i: number) => void,
): void {
  const list = el("ol", { className: "items" });
  for (const n of w.nodes) {
    const li = el("li", { text: `${n.id} (${n.type}): ${n.detail}` });
    li.addEventListener("click", () => select(n.id));
    list.append(li);
  }
  const parts: (Node | string)[] = [el("h3", { text: `Agent graph ${w.name}` }), ...(w.description ? [el("p", { className: "dim", text: w.description })] : []), list];
  for (const run of runs) {
    const steps = el("ol", { className: "items run" });
    run.steps.forEach((s, i) => {
      const li = el("li", { text: `${s.node}: ${Object.keys(s.update).join(", ") || "no change"}` });
      li.addEventListener("click", () => step(run, i));
      steps.append(li);
    });
    parts.push(el("h4", { text: `Run ${run.label} (${run.steps.length} steps)` }), steps);
  }
  container.replaceChildren(...parts);
}

/** One step of a recorded run: the node that ran and the state update it returned. */
export function renderRunStep(container: HTMLElement, run: WireAgentRun, i: number): void {
  const s = run.steps[i]!;
  container.replaceChildren(
    el("h3", { text: `step ${i + 1} of ${run.steps.length} · ${s.node}` }),
    el("p", { className: "dim", text: `run ${run.label}; came from ${i === 0 ? "START" : run.steps[i - 1]!.node}` }),
    el("h4", { text: "State update" }),
    el("pre", { text: JSON.stringify(s.update, null, 2) }),
  );
}
