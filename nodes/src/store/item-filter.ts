import type { MatchCondition } from "@langchain/langgraph";

const OPERATORS = new Set(["$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin"]);

/**
 * LangGraph's filter semantics, reproduced exactly (InMemoryStore's compareValues): top-level keys of the
 * value, strict equality, or an operator object. A nested object as a plain filter value compares by
 * identity there, so it never matches — and, deliberately, not here either.
 */
export function matchesFilter(value: Record<string, unknown>, filter: Record<string, unknown> | undefined): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([key, expected]) => compare(value[key], expected));
}

function compare(actual: unknown, expected: unknown): boolean {
  if (!isOperators(expected)) return actual === expected;
  return Object.entries(expected).every(([op, v]) => {
    switch (op) {
      case "$eq": return actual === v;
      case "$ne": return actual !== v;
      case "$gt": return Number(actual) > Number(v);
      case "$gte": return Number(actual) >= Number(v);
      case "$lt": return Number(actual) < Number(v);
      case "$lte": return Number(actual) <= Number(v);
      case "$in": return Array.isArray(v) ? v.includes(actual) : false;
      case "$nin": return Array.isArray(v) ? !v.includes(actual) : true;
      default: return false;
    }
  });
}

function isOperators(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && Object.keys(v).every((k) => OPERATORS.has(k));
}

/** Prefix/suffix match with "*" wildcards, as InMemoryStore.doesMatch. */
export function matchesNamespace(path: readonly string[], condition: MatchCondition): boolean {
  const want = condition.path;
  if (want.length > path.length) return false;
  const offset = condition.matchType === "prefix" ? 0 : path.length - want.length;
  return want.every((label, i) => label === "*" || path[offset + i] === label);
}
