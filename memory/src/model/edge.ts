import type { EdgeKind } from "./kinds.js";
import type { Attrs } from "./node.js";
import type { Source } from "./provenance.js";
import type { EdgeTime } from "./time.js";

/** A typed, directed, weighted edge. Both ends live in the edge's namespace. */
export interface MemoryEdge {
  id: string;
  ns: string;
  kind: EdgeKind;
  from: string;
  to: string;
  weight: number;
  attrs: Attrs;
  source: Source;
  time: EdgeTime;
}

/** An edge as written through the GraphStore port; the store assigns recordedAt. */
export interface EdgeWrite {
  id: string;
  ns: string;
  kind: EdgeKind;
  from: string;
  to: string;
  weight: number;
  attrs: Attrs;
  source: Source;
  time: { validFrom: number | null; validTo: number | null };
}
