import { ValidationError } from "../../errors.js";
import type { TimeView } from "../../model/time.js";
import type { EdgeFilter, NodeFilter } from "../../ports/graph-store.js";

/** An index a filter query is planned around, created the first time a query needs it. */
export interface IndexSpec {
  name: string;
  sql: string;
}

/** A `findNodes` / `findEdges` query: its SQL, its parameters in order, and the indexes it relies on. */
export interface FilterQuery {
  sql: string;
  params: unknown[];
  indexes: IndexSpec[];
}

/**
 * The SQL of a node filter. SQLite plans without statistics here, and then prefers walking the
 * (ns, id) key in id order (which needs no sort) to a selective index: an `attrs` or `sourceId`
 * filter ordered by id scanned the whole namespace, 50–130 ms at 100,000 nodes where the index
 * takes under 1 ms. So every selective term has an index that ends in id, serving the filter, the
 * order and keyset pagination at once, and the kind term is kept off the planner's choice (`+kind`)
 * when a narrower term is there. Indexes on attributes and sources are made by need: a store
 * pays for the lookups its callers make, not for every attribute.
 */
export function nodeFilterQuery(f: NodeFilter): FilterQuery {
  const where = ["ns = ?"];
  const params: unknown[] = [f.ns];
  const indexes: IndexSpec[] = [];
  const byId = f.order !== "latest";
  const attrs = Object.entries(f.attrs ?? {});
  if (f.kinds) kindClause(f.kinds, attrs.length > 0 || f.sourceId !== undefined, where, params);
  if (f.sourceId !== undefined) {
    if (byId) indexes.push(NODES_BY_SOURCE_ID);
    where.push("source_id = ?");
    params.push(f.sourceId);
  }
  for (const [key, value] of attrs) {
    const path = jsonPath(key);
    indexes.push(attrIndex(key, path, byId));
    // A literal path (safe: checked against a strict pattern) lets SQLite match the expression index.
    where.push(`json_extract(attrs, '${path}') = ?`);
    params.push(typeof value === "boolean" ? Number(value) : value);
  }
  if (f.atRange) atRangeClauses(f.atRange, where, params);
  timeClauses(f.view, where, params);
  let order = "ORDER BY id";
  if (!byId) order = "ORDER BY at DESC, id DESC";
  else if (f.after !== undefined) {
    where.push("id > ?");
    params.push(f.after);
  }
  params.push(f.limit);
  return { sql: `SELECT * FROM nodes WHERE ${where.join(" AND ")} ${order} LIMIT ?`, params, indexes };
}

/**
 * The SQL of an edge filter. Edges touching a node are found through both endpoint indexes
 * (as a list of row ids) and sorted: `from_id = ? OR to_id = ?` beside `ns = ?` is no index's
 * prefix, so SQLite scanned every edge of the namespace (440 ms at 290,000 edges). The unary `+`
 * on id keeps the key's order and range from looking like the better start to the planner.
 */
export function edgeFilterQuery(f: EdgeFilter): FilterQuery {
  // A node's edges: their row ids scope the namespace already, and an `ns = ?` beside them would
  // let the planner start from any index on ns.
  const where = [f.nodeId === undefined ? "ns = ?" : "rid IN (SELECT rid FROM edges WHERE ns = ? AND from_id = ? UNION ALL SELECT rid FROM edges WHERE ns = ? AND to_id = ?)"];
  const params: unknown[] = f.nodeId === undefined ? [f.ns] : [f.ns, f.nodeId, f.ns, f.nodeId];
  const indexes: IndexSpec[] = [];
  if (f.kinds) kindClause(f.kinds, f.nodeId !== undefined || f.sourceId !== undefined, where, params);
  if (f.sourceId !== undefined) {
    if (f.nodeId === undefined) indexes.push(EDGES_BY_SOURCE_ID);
    where.push(f.nodeId === undefined ? "source_id = ?" : "+source_id = ?");
    params.push(f.sourceId);
  }
  timeClauses(f.view, where, params);
  if (f.after !== undefined) {
    where.push(f.nodeId === undefined ? "id > ?" : "+id > ?");
    params.push(f.after);
  }
  params.push(f.limit);
  const order = f.nodeId === undefined ? "ORDER BY id" : "ORDER BY +id";
  return { sql: `SELECT * FROM edges WHERE ${where.join(" AND ")} ${order} LIMIT ?`, params, indexes };
}

/**
 * One kind is an equality, so the (ns, kind, id) index also yields id order; several are a list.
 * `demoted` writes `+kind`, which no index may serve, for when a narrower term should drive.
 */
function kindClause(kinds: readonly string[], demoted: boolean, where: string[], params: unknown[]): void {
  const column = demoted ? "+kind" : "kind";
  if (kinds.length === 1) {
    where.push(`${column} = ?`);
    params.push(kinds[0]);
  } else {
    where.push(`${column} IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(kinds));
  }
}

const NODES_BY_SOURCE_ID: IndexSpec = { name: "nodes_by_source_id", sql: "CREATE INDEX IF NOT EXISTS nodes_by_source_id ON nodes (ns, source_id, id)" };
const EDGES_BY_SOURCE_ID: IndexSpec = { name: "edges_by_source_id", sql: "CREATE INDEX IF NOT EXISTS edges_by_source_id ON edges (ns, source_id, id)" };

/**
 * "latest" reads a thread's tail: (ns, value, at, id) walked backwards. "id" pages through the
 * nodes with a value (a reply's question, a member set): (ns, value, id), partial, since most
 * nodes lack any one attribute and need no entry.
 */
function attrIndex(key: string, path: string, byId: boolean): IndexSpec {
  const hex = Buffer.from(key).toString("hex");
  const value = `json_extract(attrs, '${path}')`;
  if (!byId) {
    const name = `nodes_by_attr_${hex}`;
    return { name, sql: `CREATE INDEX IF NOT EXISTS ${name} ON nodes (ns, ${value}, at, id)` };
  }
  const name = `nodes_by_attr_id_${hex}`;
  return { name, sql: `CREATE INDEX IF NOT EXISTS ${name} ON nodes (ns, ${value}, id) WHERE ${value} IS NOT NULL` };
}

/** [from, to) on the event time; nodes without one never match. Served by the (ns, at) index. */
function atRangeClauses(range: { from?: number; to?: number }, where: string[], params: unknown[]): void {
  const bounds = [["from", ">=", range.from], ["to", "<", range.to]] as const;
  let bounded = false;
  for (const [name, op, value] of bounds) {
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new ValidationError([{ path: `atRange.${name}`, message: "must be a finite number (epoch ms)" }], "findNodes rejected");
    }
    where.push(`at ${op} ?`);
    params.push(value);
    bounded = true;
  }
  if (!bounded) where.push("at IS NOT NULL");
}

function timeClauses(view: TimeView | undefined, where: string[], params: unknown[]): void {
  if (view?.validAt !== undefined) {
    where.push("(valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to > ?)");
    params.push(view.validAt, view.validAt);
  }
  if (view?.knownAt !== undefined) {
    where.push("recorded_at <= ? AND (expired_at IS NULL OR expired_at > ?)");
    params.push(view.knownAt, view.knownAt);
  }
}

const ATTR_KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/** A JSON path for one top-level key; the key pattern keeps it a literal that needs no escaping. */
function jsonPath(key: string): string {
  if (!ATTR_KEY.test(key)) {
    throw new ValidationError([{ path: `attrs.${key}`, message: "attribute filters take keys of letters, digits, _ and - (max 64)" }]);
  }
  return `$."${key}"`;
}
