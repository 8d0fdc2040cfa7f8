import type { ContextParts } from "./gather-context.js";
import type { Task } from "./task.js";

/** Tokens estimated as ceil(characters / 4): model-agnostic, and what budgets elsewhere in Hippograph use. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Part of the context left out, least relevant first. */
export interface DroppedPart {
  id: string;
  part: "sibling" | "ancestor-output" | "dependency-output" | "ancestor" | "dependency";
}

export interface RenderedContext {
  text: string;
  tokens: number;
  /** Task ids with a line in `text`. */
  included: string[];
  dropped: DroppedPart[];
  /** Even the active task alone exceeded the budget, so the text was cut. */
  truncated: boolean;
}

/**
 * Fits the context into `budget` tokens by dropping the least relevant parts first: finished siblings
 * (oldest finished first), then ancestors' outputs (root first: the farther up, the less specific),
 * then prerequisites' outputs, then whole ancestor and prerequisite lines. The active task is never
 * dropped; if it alone does not fit, the text is cut. The section says what was left out, so the
 * model knows its view is partial.
 */
export function renderContext(parts: ContextParts, budget: number): RenderedContext {
  const active = parts.path[parts.path.length - 1]!;
  const ancestors = parts.path.slice(0, -1);
  const steps: DroppedPart[] = [
    ...[...parts.siblings].reverse().map((t) => ({ id: t.id, part: "sibling" as const })),
    ...ancestors.filter((t) => t.output !== undefined).map((t) => ({ id: t.id, part: "ancestor-output" as const })),
    ...[...parts.dependencies].sort((a, b) => a.statusAt - b.statusAt).filter((t) => t.output !== undefined).map((t) => ({ id: t.id, part: "dependency-output" as const })),
    ...ancestors.map((t) => ({ id: t.id, part: "ancestor" as const })),
    ...parts.dependencies.map((t) => ({ id: t.id, part: "dependency" as const })),
  ];
  const overLimit = parts.siblingsOverLimit.map((t) => ({ id: t.id, part: "sibling" as const }));
  for (let k = 0; k <= steps.length; k++) {
    const dropped = [...overLimit, ...steps.slice(0, k)];
    const { text, included } = render(parts, active, dropped);
    if (estimateTokens(text) <= budget) return { text, tokens: estimateTokens(text), included, dropped, truncated: false };
  }
  // Only the active task is left and it is still too long: cut its lines, but keep the note saying
  // what was omitted when there is room for it, since a silent cut reads as the whole story.
  const dropped = [...overLimit, ...steps];
  const { body, included } = render(parts, active, dropped);
  const room = budget * 4;
  const note = `(Omitted for length: ${dropped.length} parts; the current task is cut.)`;
  const tail = dropped.length > 0 && note.length + 1 <= room / 3 ? `\n${note}` : "";
  const text = `${body.slice(0, Math.max(0, room - tail.length - 1))}…${tail}`;
  return { text, tokens: estimateTokens(text), included, dropped, truncated: true };
}

function render(parts: ContextParts, active: Task, dropped: readonly DroppedPart[]): { text: string; body: string; included: string[] } {
  const gone = new Set(dropped.map((d) => `${d.part}:${d.id}`));
  const lines = ["## Task context", "Path (root → current task):"];
  const included: string[] = [];
  let step = 0;
  for (const t of parts.path) {
    const current = t === active;
    if (!current && gone.has(`ancestor:${t.id}`)) continue;
    included.push(t.id);
    lines.push(`${++step}. [${t.status}] ${oneLine(t.goal)}${current ? "  ← current task" : ""}`);
    if (current && t.input !== undefined) lines.push(`   input: ${value(t.input)}`);
    if (t.output !== undefined && (current || !gone.has(`ancestor-output:${t.id}`))) lines.push(`   output: ${value(t.output)}`);
    if (t.error !== undefined) lines.push(`   error: ${oneLine(t.error)}`);
  }
  const deps = parts.dependencies.filter((t) => !gone.has(`dependency:${t.id}`));
  if (deps.length > 0) {
    lines.push("Prerequisites:");
    for (const t of deps) {
      included.push(t.id);
      const out = t.output !== undefined && !gone.has(`dependency-output:${t.id}`) ? ` — output: ${value(t.output)}` : "";
      lines.push(`- [${t.status}] ${oneLine(t.goal)}${out}`);
    }
  }
  const siblings = parts.siblings.filter((t) => !gone.has(`sibling:${t.id}`));
  if (siblings.length > 0) {
    lines.push("Finished sibling tasks:");
    for (const t of siblings) {
      included.push(t.id);
      const detail = t.status === "failed" ? (t.error ? ` — error: ${oneLine(t.error)}` : "") : t.output !== undefined ? ` — output: ${value(t.output)}` : "";
      lines.push(`- [${t.status}] ${oneLine(t.goal)}${detail}`);
    }
  }
  const body = lines.join("\n");
  const note = dropped.length > 0 ? `(Omitted for length: ${summarise(dropped)}.)` : "";
  return { text: note ? `${body}\n${note}` : body, body, included };
}

const LABELS: Record<DroppedPart["part"], [string, string]> = {
  sibling: ["finished sibling", "finished siblings"],
  "ancestor-output": ["ancestor output", "ancestor outputs"],
  "dependency-output": ["prerequisite output", "prerequisite outputs"],
  ancestor: ["ancestor task", "ancestor tasks"],
  dependency: ["prerequisite", "prerequisites"],
};

function summarise(dropped: readonly DroppedPart[]): string {
  const whole = new Set(dropped.filter((d) => d.part === "ancestor" || d.part === "dependency").map((d) => d.id));
  const counts = new Map<DroppedPart["part"], number>();
  for (const d of dropped) {
    // A task dropped whole is counted once, not also for its output.
    if ((d.part === "ancestor-output" || d.part === "dependency-output") && whole.has(d.id)) continue;
    counts.set(d.part, (counts.get(d.part) ?? 0) + 1);
  }
  return [...counts].map(([part, n]) => `${n} ${LABELS[part][n === 1 ? 0 : 1]}`).join(", ");
}

function value(v: unknown): string {
  return oneLine(typeof v === "string" ? v : JSON.stringify(v));
}

/** One line per item keeps the section scannable and the drop arithmetic per line. */
function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, " ⏎ ");
}
