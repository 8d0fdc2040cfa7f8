export { Hypergraph, hypergraph } from "./hypergraph.js";
export type { Hyperedge, HyperedgeMember } from "./hyperedge.js";
export type { InsertInput as HyperedgeInsert, UpdateInput as HyperedgeUpdate, MergeInput as HyperedgeMergeOptions, RecallOptions as HyperedgeRecallOptions } from "./inputs.js";
export type { InsertResult as HyperedgeInsertResult } from "./upsert-hyperedges.js";
export type { DuplicateGroup as HyperedgeDuplicateGroup } from "./find-by-members.js";
export type { VertexHyperedges, HyperedgeRecall, RecallResult as HyperedgeRecallResult } from "./recall.js";
