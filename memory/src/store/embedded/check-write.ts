import { ValidationError, type Issue } from "../../errors.js";
import type { KindRegistry } from "../../model/kinds.js";
import { NAMESPACE_PATTERN } from "../../model/namespace.js";
import type { GraphWrite } from "../../ports/graph-store.js";

/**
 * The store's own guard, behind the facade's full validation: namespaces and kinds reach SQL only
 * from an allow-list, whoever calls the port. Cheap enough to run on every batch.
 */
export function checkNamespace(ns: unknown, path = "ns"): void {
  const issue = namespaceIssue(ns, path);
  if (issue) throw new ValidationError([issue]);
}

export function checkGraphWrite(batch: GraphWrite, kinds: KindRegistry): void {
  const issues: Issue[] = [];
  batch.nodes?.forEach((n, i) => {
    const ns = namespaceIssue(n.ns, `nodes[${i}].ns`);
    if (ns) issues.push(ns);
    if (!kinds.nodeKinds.has(n.kind)) issues.push({ path: `nodes[${i}].kind`, message: `unknown node kind "${n.kind}"` });
    if (typeof n.id !== "string" || n.id.length === 0) issues.push({ path: `nodes[${i}].id`, message: "id must be a non-empty string" });
  });
  if (batch.recordedAt !== undefined && !Number.isFinite(batch.recordedAt)) issues.push({ path: "recordedAt", message: "recordedAt must be a finite epoch-millisecond time" });
  batch.edges?.forEach((e, i) => {
    const ns = namespaceIssue(e.ns, `edges[${i}].ns`);
    if (ns) issues.push(ns);
    if (!kinds.edgeKinds.has(e.kind)) issues.push({ path: `edges[${i}].kind`, message: `unknown edge kind "${e.kind}"` });
    if (!Number.isFinite(e.weight)) issues.push({ path: `edges[${i}].weight`, message: "weight must be a finite number" });
  });
  if (issues.length > 0) throw new ValidationError(issues, "graph write rejected");
}

function namespaceIssue(ns: unknown, path: string): Issue | undefined {
  return typeof ns === "string" && NAMESPACE_PATTERN.test(ns) ? undefined : { path, message: `invalid namespace ${JSON.stringify(ns)}` };
}
