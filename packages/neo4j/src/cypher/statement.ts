import neo4j from "neo4j-driver";
import { KindRegistry, ValidationError } from "@hippograph/memory";

/**
 * One Cypher statement: fixed text plus parameters. Builders are pure functions returning these,
 * so a test can enumerate every statement the adapter emits and lint it. User data only ever
 * travels in `params`; the text is assembled from constants and allow-listed kind names.
 */
export interface Statement {
  text: string;
  params: Record<string, unknown>;
}

/** Labels of the three node families the adapter owns; nothing else in the database is touched. */
export const NODE_LABEL = "HgNode";
export const VERSION_LABEL = "HgVersion";
export const DOC_LABEL = "HgDoc";

/** Kind "part_of" → label "Part_of": kinds match /^[a-z][a-z0-9_]*$/, so this is injective and needs no quoting. */
export function labelOf(kinds: KindRegistry, kind: string): string {
  if (!kinds.nodeKinds.has(kind)) throw unknownKind("node", kind);
  return kind[0]!.toUpperCase() + kind.slice(1);
}

/** Kind "part_of" → relationship type "PART_OF" (Neo4j's convention), from the allow-list only. */
export function relTypeOf(kinds: KindRegistry, kind: string): string {
  if (!kinds.edgeKinds.has(kind)) throw unknownKind("edge", kind);
  return kind.toUpperCase();
}

function unknownKind(what: string, kind: string): ValidationError {
  return new ValidationError([{ path: "kind", message: `unknown ${what} kind ${JSON.stringify(kind)}` }], "neo4j");
}

/** Every kind label, for `REMOVE n:A:B:…` when a node changes kind. */
export function allKindLabels(kinds: KindRegistry): string[] {
  return [...kinds.nodeKinds].sort().map((k) => labelOf(kinds, k));
}

export function allRelTypes(kinds: KindRegistry): string[] {
  return [...kinds.edgeKinds].sort().map((k) => relTypeOf(kinds, k));
}

/** LIMIT/SKIP need a Cypher INTEGER; a JS number travels as FLOAT and would be refused. */
export function int(n: number): ReturnType<typeof neo4j.int> {
  return neo4j.int(Math.max(0, Math.trunc(n)));
}

/** Splits rows into UNWIND batches of at most `size`. */
export function chunk<T>(rows: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Time-view parameters: always present (null = no constraint), so one statement text serves every view. */
export function viewParams(view: { validAt?: number; knownAt?: number } | undefined): { validAt: number | null; knownAt: number | null } {
  return { validAt: view?.validAt ?? null, knownAt: view?.knownAt ?? null };
}

/** The validity and knowledge window predicate for a node or relationship variable `x`. */
export function viewPredicate(x: string): string {
  return `($validAt IS NULL OR ((${x}.valid_from IS NULL OR ${x}.valid_from <= $validAt) AND (${x}.valid_to IS NULL OR ${x}.valid_to > $validAt)))
  AND ($knownAt IS NULL OR (${x}.recorded_at <= $knownAt AND (${x}.expired_at IS NULL OR ${x}.expired_at > $knownAt)))`;
}
