import { Annotation, MessagesAnnotation } from "@langchain/langgraph";

/**
 * Why a graph operator reached a memory: the seed of its strongest path and the path from there
 * (seed excluded), each step the node reached and the edge kind it was reached by. A seed's path is empty.
 */
export interface MemoryExplanation {
  seed: string;
  path: { id: string; via: string }[];
}

/** A retrieval hit as it travels through graph state: small and JSON-serialisable, so checkpoints stay cheap. */
export interface RetrievedMemory {
  id: string;
  kind: string;
  text: string | null;
  score: number;
  /**
   * The pipeline lists that scored it (its evidence keys: "bm25", "spread", "fuse", …) — kept so an LLM
   * prompt or a trace can say why. With the default pipeline this is the spread step that ranked it.
   */
  channels: string[];
  /** Present when a graph operator (spread, ppr) scored it. */
  explanation?: MemoryExplanation;
}

/** A node reached by spreading activation from seeds; `activation` adds up over paths and fades per hop. */
export interface ActivatedMemory {
  id: string;
  kind: string;
  text: string | null;
  activation: number;
  /** The hop in which it was first reached; 0 for seeds. */
  hops: number;
  explanation: MemoryExplanation;
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
