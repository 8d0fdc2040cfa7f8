import { Annotation, MessagesAnnotation } from "@langchain/langgraph";

/** A search hit as it travels through graph state: small and JSON-serialisable, so checkpoints stay cheap. */
export interface RetrievedMemory {
  id: string;
  kind: string;
  text: string | null;
  score: number;
  /** Which channels found it ("bm25", "vector") — kept so an LLM prompt or a trace can say why. */
  channels: string[];
}

/** A node reached by spreading from seeds; `activation` decays per hop. */
export interface ActivatedMemory {
  id: string;
  kind: string;
  text: string | null;
  activation: number;
  hops: number;
}

export type TaskStatus = "todo" | "doing" | "done" | "blocked";

/** One task of a plan; `parent` makes the tree (child edges), `dependsOn` the ordering (depends_on edges). */
export interface PlanTask {
  id: string;
  title: string;
  status?: TaskStatus;
  parent?: string;
  dependsOn?: string[];
  result?: string;
}

const replace = <T>(fallback: () => T) => Annotation<T>({ reducer: (_old: T, next: T) => next, default: fallback });

/**
 * The channels memory nodes read and write by default. Every node takes `from`/`to` options, so an app
 * with its own state names keeps them; this annotation is for apps starting fresh.
 */
export const MemoryAnnotation = Annotation.Root({
  ...MessagesAnnotation.spec,
  memories: replace<RetrievedMemory[]>(() => []),
  activated: replace<ActivatedMemory[]>(() => []),
  plan: replace<PlanTask[]>(() => []),
  notes: replace<string[]>(() => []),
  /** Ids written by memory nodes in this run, appended (a write log the final state can be checked against). */
  written: Annotation<string[]>({ reducer: (a: string[], b: string[]) => [...a, ...b], default: () => [] }),
});

export type MemoryState = typeof MemoryAnnotation.State;
