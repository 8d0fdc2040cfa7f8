import { ValidationError, type Issue } from "../../errors.js";
import type { KindRegistry } from "../../model/kinds.js";
import { NAMESPACE_PATTERN } from "../../model/namespace.js";
import type { GraphWrite } from "../../ports/graph-store.js";

/**
 * The store's own guard, behind the facade's full validation: namespaces and kinds reach SQL only
 * from an allow-list, whoever calls the port. Cheap enough to run on every batch.
 */
export function checkNamespace(ns: unknown, path = "ns"): void {
  if (typeof ns !== "string" || !NAMESPACE_PATTERN.test(ns)) {
    throw new ValidationError([{ path, message: `invalid namespace ${JSON.stringify(ns)}` }]);
  }
}

export function checkGraphWrite(batch: GraphWrite, kinds: KindRegistry): void {
  const issues: Issue[] = [];
  batch.nodes?.forEach((n, i) => {
    if (typeof n.ns !== "string" || !NAMESPACE_PATTERN.test(n.ns)) issues.push({ path: `nodes[${i}].ns`, message: `invalid namespace ${JSON.stringify(n.ns)}` });
    if (!kinds.nodeKinds.has(n.kind)) issues.push({ path: `nodes[${i}].kind`, message: `unknown node kind "${n.kind}"` });
    if (typeof n.id !== "string" || n.id.length === 0) issues.push({ path: `nodes[${i}].id`, message: "id must be a non-empty string" });
  });
  if (batch.recordedAt !== undefined && !Number.isFinite(batch.recordedAt)) issues.push({ path: "recordedAt", message: "recordedAt must be a finite epoch-millisecond time" });
  batch.edges?.forEach((e, i) => {
    if (typeof e.ns !== "string" || !NAMESPACE_PATTERN.test(e.ns)) issues.push({ path: `edges[${i}].ns`, message: `invalid namespace ${JSON.stringify(e.ns)}` });
    if (!kinds.edgeKinds.has(e.kind)) issues.push({ path: `edges[${i}].kind`, message: `unknown edge kind "${e.kind}"` });
    if (!Number.isFinite(e.weight)) issues.push({ path: `edges[${i}].weight`, message: "weight must be a finite number" });
  });
  if (issues.length > 0) throw new ValidationError(issues, "graph write rejected");
}
