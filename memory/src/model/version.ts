import type { Attrs, Change } from "./node.js";
import type { Source } from "./provenance.js";
import type { NodeTime } from "./time.js";

export type VersionOp = "create" | "update" | "invalidate" | "expire" | "restore";

/** One entry of a node's change history: the full state after the change, and who made it and why. */
export interface NodeVersion {
  id: string;
  ns: string;
  version: number;
  op: VersionOp;
  change: Change;
  /** The source behind this change; erase-by-source removes versions by it. */
  sourceId: string;
  snapshot: { kind: string; text: string | null; attrs: Attrs; source: Source; time: NodeTime };
}
