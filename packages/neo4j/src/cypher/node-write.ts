import type { KindRegistry } from "@hippograph/memory";
import { allKindLabels, labelOf, NODE_LABEL, VERSION_LABEL, type Statement } from "./statement.js";

/** Stored properties of an :HgNode (attrs as one JSON document; `attr_pairs` makes top-level scalars filterable). */
export interface NodeProps {
  ns: string;
  id: string;
  kind: string;
  text: string | null;
  attrs: string;
  attr_pairs: string[] | null;
  source_id: string;
  source_type: string;
  trust: number;
  at: number | null;
  valid_from: number | null;
  valid_to: number | null;
  recorded_at: number;
  expired_at: number | null;
  version: number;
}

export interface VersionProps {
  ns: string;
  id: string;
  version: number;
  op: string;
  actor: string;
  reason: string;
  at: number;
  source_id: string;
  snapshot: string;
}

/**
 * Reads the current version of the nodes about to be written, taking their write locks first
 * (set-and-remove a property), so two transactions cannot both bump the same node to the same version.
 */
export function lockHeads(keys: readonly { ns: string; id: string }[]): Statement {
  return {
    text: `UNWIND $keys AS key
MATCH (n:${NODE_LABEL} {ns: key.ns, id: key.id})
SET n.hg_lock = true
REMOVE n.hg_lock
RETURN n.ns AS ns, n.id AS id, n.version AS version, n.recorded_at AS recordedAt, n.expired_at AS expiredAt`,
    params: { keys },
  };
}

/**
 * Upserts one UNWIND batch of nodes that share a kind: the kind label comes from the allow-list,
 * every value from `rows`. Old kind labels go first, so a node that changed kind carries exactly one.
 */
export function upsertNodes(kinds: KindRegistry, kind: string, rows: readonly NodeProps[]): Statement {
  const label = labelOf(kinds, kind);
  return {
    text: `UNWIND $rows AS row
MERGE (n:${NODE_LABEL} {ns: row.ns, id: row.id})
SET n += row
REMOVE n:${allKindLabels(kinds).join(":")}
SET n:${label}`,
    params: { rows },
  };
}

/** Appends history versions: one :HgVersion node per version, keyed by (ns, id, version). */
export function insertVersions(rows: readonly VersionProps[]): Statement {
  return {
    text: `UNWIND $rows AS row
CREATE (v:${VERSION_LABEL})
SET v = row`,
    params: { rows },
  };
}
