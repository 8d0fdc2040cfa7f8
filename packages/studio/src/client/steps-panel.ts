import type { WireRetrieval, WireStep } from "../wire/wire.js";
import { el } from "./dom.js";

/** The pipeline's operators in order: what each read, how many items it produced, its time as a bar, and its statistics. */
export function renderSteps(container: HTMLElement, r: WireRetrieval, onSelect: (step: WireStep) => void): void {
  const slowest = Math.max(1e-9, ...r.steps.map((s) => s.ms));
  const total = r.steps.reduce((a, s) => a + s.ms, 0);
  container.replaceChildren(el("p", { className: "dim", text: `${r.steps.length} operators, ${total.toFixed(1)} ms · ${r.nodes.length} nodes drawn${r.omitted ? `, ${r.omitted} more activated` : ""}` }));
  for (const step of r.steps) {
    const card = el("div", { className: "step" },
      el("div", {}, el("span", { className: "name", text: step.step }), " ", el("span", { className: "op", text: step.op === step.step ? "" : step.op })),
      el("div", { className: "dim", text: `${step.from.length ? `from ${step.from.join(", ")} · ` : ""}${step.count} items · ${step.ms.toFixed(2)} ms` }),
    );
    const bar = el("div", { className: "bar" });
    bar.style.width = `${Math.max(2, (100 * step.ms) / slowest)}%`;
    card.append(bar);
    if (step.stats) card.append(el("pre", { className: "dim", text: statsText(step.stats) }));
    card.addEventListener("click", () => {
      container.querySelectorAll(".step.selected").forEach((c) => c.classList.remove("selected"));
      card.classList.add("selected");
      onSelect(step);
    });
    container.append(card);
  }
}

/** Before any query: what the namespace holds, by kind. */
export function renderCounts(container: HTMLElement, ns: string, counts: { nodes: Record<string, number>; edges: Record<string, number> }): void {
  const line = (r: Record<string, number>) => Object.entries(r).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n.toLocaleString("en")}`).join(" · ") || "none";
  container.replaceChildren(
    el("p", { className: "dim", text: `Namespace "${ns}" holds:` }),
    el("p", { text: `nodes: ${line(counts.nodes)}` }),
    el("p", { text: `edges: ${line(counts.edges)}` }),
    el("p", { className: "dim", text: "Ask a question to see each operator of the pipeline: what it read, what it found, how long it took." }),
  );
}

function statsText(stats: Record<string, unknown>): string {
  return Object.entries(stats).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(" → ") : typeof v === "number" ? +v.toFixed(4) : JSON.stringify(v)}`).join("\n");
}
