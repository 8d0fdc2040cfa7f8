/**
 * HGMem hyperedges (Zhou et al., "Hypergraph-based Memory for multi-step RAG", arXiv 2512.23959).
 *
 * A hyperedge is one "memory point": a relationship description over n ≥ 2 vertices. We store it as
 * its incidence graph — a node of kind "hyperedge" (text = description) plus one "member" edge per
 * vertex — because that maps onto SQLite, Neo4j and graphology without loss, and lets a vertex find
 * its hyperedges with an ordinary in-neighbour query.
 */
import { createHash } from "node:crypto";
import type { MemoryNode } from "../../model/node.js";

export const HYPEREDGE_KIND = "hyperedge";
export const MEMBER_EDGE = "member";
export const SUPERSEDES_EDGE = "supersedes";

export interface HyperedgeMember {
  id: string;
  /** What the vertex is in the relationship ("buyer", "place"); optional. */
  role?: string;
}

export interface Hyperedge {
  id: string;
  description: string;
  /** Sorted by id, so results do not depend on a backend's edge order. */
  members: HyperedgeMember[];
  version: number;
  node: MemoryNode;
}

/**
 * A stable fingerprint of a member set. Stored on the node (`attrs.memberKey`) so "is there already a
 * hyperedge over exactly these vertices?" is one equality lookup in any backend, not a traversal.
 */
export function memberKey(ids: readonly string[]): string {
  return createHash("sha256").update([...new Set(ids)].sort().join("\u0000")).digest("hex");
}

/** The node attributes a hyperedge carries; roles are mirrored here so reads need no edge fetch. */
export function hyperedgeAttrs(members: readonly HyperedgeMember[], base: Record<string, unknown> = {}): Record<string, unknown> {
  const roles = Object.fromEntries(members.filter((m) => m.role !== undefined).map((m) => [m.id, m.role]));
  const rest = { ...base };
  delete rest["roles"]; // rewritten from `members`, so a dropped role does not linger
  return {
    ...rest,
    members: members.length,
    memberKey: memberKey(members.map((m) => m.id)),
    ...(Object.keys(roles).length > 0 ? { roles } : {}),
  };
}

export function rolesOf(node: MemoryNode): Record<string, string> {
  const roles = node.attrs["roles"];
  return roles !== null && typeof roles === "object" ? (roles as Record<string, string>) : {};
}

export function toMember(id: string, role: string | undefined): HyperedgeMember {
  return role === undefined ? { id } : { id, role };
}

/** True while the unit holds: a merged-away hyperedge has its validity window closed. */
export function isCurrent(node: MemoryNode, now: number): boolean {
  return node.kind === HYPEREDGE_KIND && (node.time.validTo === null || node.time.validTo > now) && node.time.expiredAt === null;
}
