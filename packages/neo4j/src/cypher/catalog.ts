import { KindRegistry } from "@hippograph/memory";
import * as edgeRead from "./edge-read.js";
import * as edgeWrite from "./edge-write.js";
import * as erase from "./erase.js";
import * as invalidate from "./invalidate.js";
import * as nodeRead from "./node-read.js";
import * as nodeWrite from "./node-write.js";
import * as schema from "./schema.js";
import * as spread from "./spread.js";
import * as stats from "./stats.js";
import * as text from "./text.js";
import type { Statement } from "./statement.js";

/**
 * Every statement family the adapter can emit, each with representative parameters and every
 * text variant (directions, orders, kinds, optional clauses). The lint test runs all of them
 * through the Cypher linter, and checks that no exported builder is missing from this list.
 */
export const BUILDER_MODULES = { edgeRead, edgeWrite, erase, invalidate, nodeRead, nodeWrite, schema, spread, stats, text };

export function catalog(): Record<string, Statement[]> {
  const kinds = new KindRegistry({ nodeKinds: ["document"], edgeKinds: ["cites"] });
  const ns = "tenant-1";
  const view = { validAt: 5, knownAt: 7 };
  const node = {
    ns, id: "n1", kind: "note", text: "x", attrs: "{}", attr_pairs: null, source_id: "s", source_type: "user", trust: 0.9,
    at: null, valid_from: null, valid_to: null, recorded_at: 1, expired_at: null, version: 1,
  };
  const edge = {
    ns, id: "e1", kind: "link", from: "a", to: "b", weight: 0.5, attrs: "{}", source_id: "s", source_type: "user", trust: 0.9,
    valid_from: null, valid_to: null, recorded_at: 1, expired_at: null,
  };
  const version = { ns, id: "n1", version: 1, op: "create", actor: "a", reason: "r", at: 1, source_id: "s", snapshot: "{}" };
  const defined = <T>(xs: (T | undefined)[]): T[] => xs.filter((x): x is T => x !== undefined);
  const seeds = [{ id: "a", activation: 1 }];
  return {
    // With the optional vector index: a superset of the statements without it.
    schemaStatements: schema.schemaStatements(kinds, { vectorDimensions: 8 }),
    awaitIndexes: [schema.awaitIndexes()],
    lockHeads: [nodeWrite.lockHeads([{ ns, id: "n1" }])],
    upsertNodes: [nodeWrite.upsertNodes(kinds, "note", [node]), nodeWrite.upsertNodes(kinds, "document", [node])],
    insertVersions: [nodeWrite.insertVersions([version])],
    nodesByIds: [nodeRead.nodesByIds(ns, ["a"])],
    versionsAsOf: [nodeRead.versionsAsOf(ns, ["a"], 3)],
    historyOf: [nodeRead.historyOf(ns, "a")],
    findNodes: [
      nodeRead.findNodes({ ns, limit: 10 }),
      nodeRead.findNodes({ ns, kinds: ["note"], sourceId: "s", attrs: { a: 1, b: "x", c: true }, view, after: "m", limit: 10 }),
      nodeRead.findNodes({ ns, order: "latest", view, limit: 10 }),
      // atRange: each combination of bounds is its own text (range predicates the index can seek).
      nodeRead.findNodes({ ns, kinds: ["episode", "event"], atRange: { from: 1, to: 9 }, order: "latest", view, limit: 10 }),
      nodeRead.findNodes({ ns, atRange: { from: 1 }, after: "m", limit: 10 }),
      nodeRead.findNodes({ ns, atRange: { to: 9 }, limit: 10 }),
      nodeRead.findNodes({ ns, atRange: {}, order: "latest", limit: 10 }),
    ],
    attrPair: [],
    missingEndpoints: [edgeWrite.missingEndpoints([{ i: 0, ns, from: "a", to: "b" }])],
    detachEdges: [edgeWrite.detachEdges(kinds, [{ ns, id: "e1" }])],
    createEdges: [edgeWrite.createEdges(kinds, "link", [edge]), edgeWrite.createEdges(kinds, "cites", [edge])],
    edgesByIds: [edgeRead.edgesByIds(kinds, ns, ["e1"])],
    findEdges: [edgeRead.findEdges(kinds, { ns, limit: 5 }), edgeRead.findEdges(kinds, { ns, kinds: ["link"], nodeId: "a", sourceId: "s", view, after: "e", limit: 5 })],
    neighborsHop: defined((["out", "in", "both"] as const).flatMap((direction) => [
      edgeRead.neighborsHop(kinds, { ns, ids: ["a"], direction }),
      edgeRead.neighborsHop(kinds, { ns, ids: ["a"], direction, edgeKinds: ["link", "mentions"], view, limitPerNode: 3 }),
    ])),
    lockNodes: [invalidate.lockNodes(ns, ["a"])],
    invalidateEdges: [invalidate.invalidateEdges(kinds, ns, ["e1"], 5, null)],
    nodesOfSource: [erase.nodesOfSource(ns, "s")],
    deleteSourceEdges: [erase.deleteSourceEdges(ns, "s", ["a"])],
    deleteEdgesOf: [erase.deleteEdgesOf(ns, ["a"])],
    deleteNodes: [erase.deleteNodes(ns, ["a"])],
    deleteSourceVersions: [erase.deleteSourceVersions(ns, "s")],
    docOf: [erase.docOf(ns, "a")],
    nodeCounts: [stats.nodeCounts(ns), stats.nodeCounts(null)],
    edgeCounts: [stats.edgeCounts(ns)],
    namespaceCount: [stats.namespaceCount(null)],
    listNamespaces: [stats.listNamespaces()],
    dropAll: [stats.dropAll(1000)],
    upsertDocs: [text.upsertDocs([{ ns, id: "a", kind: "note", text: "hello" }])],
    deleteDocs: [text.deleteDocs(ns, ["a"])],
    searchDocs: defined([text.searchDocs({ ns, query: "fox dog", k: 5 }), text.searchDocs({ ns, query: "fox", k: 5, kinds: ["note"] })]),
    spreadActivation: defined((["out", "in", "both"] as const).flatMap((direction) => [
      spread.spreadActivation(kinds, { ns, seeds, maxHops: 1, decay: 0.5, threshold: 0.01, direction }),
      spread.spreadActivation(kinds, { ns, seeds, maxHops: spread.MAX_SPREAD_HOPS, decay: 0.5, threshold: 0.01, minWeight: 0.1, direction, edgeKinds: ["link"], view, limit: 50 }),
    ])),
    checkSpread: [],
  };
}
