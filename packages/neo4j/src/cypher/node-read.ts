import { int, NODE_LABEL, VERSION_LABEL, viewParams, viewPredicate, type Statement } from "./statement.js";
import { ValidationError, type NodeFilter } from "@hippograph/memory";

/** Current state of nodes by id; the caller restores the order asked. */
export function nodesByIds(ns: string, ids: readonly string[]): Statement {
  return {
    text: `UNWIND $ids AS id
MATCH (n:${NODE_LABEL} {ns: $ns, id: id})
RETURN properties(n) AS n`,
    params: { ns, ids: [...new Set(ids)] },
  };
}

/** For `view.knownAt`: each node's latest version changed at or before that instant. */
export function versionsAsOf(ns: string, ids: readonly string[], at: number): Statement {
  return {
    text: `UNWIND $ids AS id
MATCH (v:${VERSION_LABEL} {ns: $ns, id: id})
WHERE v.at <= $at
WITH id, v ORDER BY v.version DESC
WITH id, collect(v)[0] AS latest
RETURN properties(latest) AS v`,
    params: { ns, ids: [...new Set(ids)], at },
  };
}

export function historyOf(ns: string, id: string): Statement {
  return {
    text: `MATCH (v:${VERSION_LABEL} {ns: $ns, id: $id})
RETURN properties(v) AS v
ORDER BY v.version`,
    params: { ns, id },
  };
}

/** A top-level scalar attribute as the token stored in `attr_pairs`: key, NUL, JSON value. */
export function attrPair(key: string, value: string | number | boolean): string {
  return `${key}\u0000${JSON.stringify(value)}`;
}

/**
 * Keyset-paginated node scan. Every filter is a parameter that may be null, so the statement
 * text varies only by order (by id, or latest first) and by which bounds of `atRange` are given:
 * those are written as plain range predicates (values still parameters) so the planner can seek
 * the (ns, at) index instead of filtering every node of the namespace.
 */
export function findNodes(f: NodeFilter): Statement {
  const pairs = Object.entries(f.attrs ?? {}).map(([k, v]) => attrPair(k, v));
  const latest = f.order === "latest";
  const range = atRangeBounds(f.atRange);
  const rangeText = f.atRange === undefined ? ""
    : range.atFrom === undefined && range.atTo === undefined ? "\n  AND n.at IS NOT NULL"
    : `${range.atFrom === undefined ? "" : "\n  AND n.at >= $atFrom"}${range.atTo === undefined ? "" : "\n  AND n.at < $atTo"}`;
  return {
    text: `MATCH (n:${NODE_LABEL} {ns: $ns})
WHERE ($kinds IS NULL OR n.kind IN $kinds)${rangeText}
  AND ($sourceId IS NULL OR n.source_id = $sourceId)
  AND all(pair IN $pairs WHERE pair IN n.attr_pairs)
  AND ($after IS NULL OR n.id > $after)
  AND ${viewPredicate("n")}
RETURN properties(n) AS n
ORDER BY ${latest ? "n.at IS NULL, n.at DESC, n.id DESC" : "n.id"}
LIMIT $limit`,
    params: {
      ns: f.ns, kinds: f.kinds ? [...f.kinds] : null, sourceId: f.sourceId ?? null, pairs,
      after: latest ? null : (f.after ?? null), ...viewParams(f.view), ...range, limit: int(f.limit),
    },
  };
}

/** The given bounds of an event-time window, checked: a NaN would silently match nothing. */
function atRangeBounds(range: NodeFilter["atRange"]): { atFrom?: number; atTo?: number } {
  const out: { atFrom?: number; atTo?: number } = {};
  for (const [name, key] of [["from", "atFrom"], ["to", "atTo"]] as const) {
    const value = range?.[name];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new ValidationError([{ path: `atRange.${name}`, message: "must be a finite number (epoch ms)" }], "findNodes rejected");
    }
    out[key] = value;
  }
  return out;
}
