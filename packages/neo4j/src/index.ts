/**
 * @hippograph/neo4j — GraphStore and TextIndex on Neo4j 5, plus the spreading-activation pushdown.
 * Statements are built by the pure functions in cypher/ (exported for inspection and linting).
 */
export { neo4jGraph, neo4jText, type Neo4jGraphOptions } from "./factory.js";
export { Neo4jGraphStore, type Neo4jStoreOptions } from "./neo4j-graph-store.js";
export { Neo4jTextIndex } from "./neo4j-text-index.js";
export { connect, type Connection, type CypherTx, type DriverOptions, type Row } from "./connection.js";
export { isTransient, isAuthFailure, withRetry } from "./errors.js";
export { spreadActivation, MAX_SPREAD_HOPS, type SpreadOptions } from "./cypher/spread.js";
export { spreadReference, type SpreadEdge } from "./spread-reference.js";
export type { Statement } from "./cypher/statement.js";
