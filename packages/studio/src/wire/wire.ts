/**
 * The JSON the studio's server sends its page. Both sides import these types and nothing else of
 * each other, so the browser bundle never pulls in server code. Types only: the import below is erased.
 */
import type { OperatorTrace } from "@hippograph/memory";

/** A memory node as the page draws it: enough to label, colour and inspect it. */
export interface WireNode {
  id: string;
  kind: string;
  text: string;
  /** Event time, ISO 8601, where the node has one. */
  at: string | null;
  attrs: Record<string, unknown>;
  source: { id: string; type: string; trust: number };
}

export interface WireEdge {
  id: string;
  kind: string;
  from: string;
  to: string;
  weight: number;
}

/** A node's part in one retrieval: its rank in the final list, its activation, whether it seeded the graph steps. */
export interface WireRole {
  rank: number | null;
  score: number | null;
  activation: number | null;
  seed: boolean;
  /** Which lists found it (seed channels, operators), with rank and raw score in each. */
  evidence: Record<string, { rank: number; score: number }>;
  /** The strongest path from a seed, seed first; empty when a channel found it itself. */
  path: { id: string; via: string }[];
}

/** An operator's trace as the memory reports it, its activation map left out (the picture carries it as roles). */
export interface WireStep extends Omit<OperatorTrace, "data"> {
  /** The graph steps' statistics (relaxed edges, frontier sizes…); packing's token count. */
  stats: Record<string, unknown> | null;
}

/** What `POST /api/retrieve` answers: the ranking, each operator's trace, and the subgraph they touched. */
export interface WireRetrieval {
  query: string;
  ns: string;
  steps: WireStep[];
  ranking: string[];
  nodes: WireNode[];
  edges: WireEdge[];
  roles: Record<string, WireRole>;
  /** Nodes cut from the picture to keep it readable (the activation maps hold more). */
  omitted: number;
  context: { text: string; tokens: number } | null;
  /** The point of view the picture was read from (ISO 8601): the page reads a node's neighbourhood from the same one. */
  view: { validAt: string; knownAt: string };
}

/** What `GET /api/node` answers: the node and its strongest neighbours. */
export interface WireNeighbourhood {
  node: WireNode;
  nodes: WireNode[];
  edges: WireEdge[];
  /** Neighbours beyond the limit asked for. */
  more: boolean;
}

export interface WireError {
  error: string;
  /** Per invalid field: its path and what is wrong. */
  issues?: { path: string; message: string }[];
}

/** An agent's workflow graph (a declarative spec), as the page draws it beside the memory. */
export interface WireAgentGraph {
  name: string;
  description: string | null;
  nodes: WireAgentNode[];
  edges: WireAgentEdge[];
}

export interface WireAgentNode {
  /** A node id, or START / END. */
  id: string;
  /** llm, tool, memory, router, subgraph, interrupt, function; "start" / "end" for the entry and exit. */
  type: string;
  /** One line on what it does: the model, the tools, the memory operation… */
  detail: string;
}

export interface WireAgentEdge {
  from: string;
  to: string;
  /** A router's condition for this branch ("default" for its fallback); null for an unconditional edge. */
  when: string | null;
}

/** One recorded run of an agent graph (`hippograph run --trace`): each step, the node that ran and the state update it returned. */
export interface WireAgentRun {
  /** The agent graph's name. */
  graph: string;
  /** Where it came from (a file name). */
  label: string;
  steps: { node: string; update: Record<string, unknown> }[];
}
