import { z } from "zod";
import { KindRegistry, parseInput } from "@hippograph/memory";
import { connect } from "./connection.js";
import { Neo4jGraphStore } from "./neo4j-graph-store.js";
import { Neo4jTextIndex } from "./neo4j-text-index.js";

const optionsSchema = z.object({
  uri: z.string().regex(/^(neo4j|bolt)(\+s|\+ssc)?:\/\/\S+$/, "uri must be neo4j://, bolt://, neo4j+s:// … "),
  user: z.string().min(1),
  password: z.string(),
  database: z.string().min(1).optional(),
  batchSize: z.number().int().min(1).max(100_000).optional(),
  maxConnectionPoolSize: z.number().int().min(1).max(10_000).optional(),
  connectionTimeoutMs: z.number().int().min(1).optional(),
  maxTransactionRetryTimeMs: z.number().int().min(0).optional(),
  transactionTimeoutMs: z.number().int().min(1).optional(),
  connectAttempts: z.number().int().min(1).max(20).optional(),
  vectorDimensions: z.number().int().min(1).max(4096).optional(),
  kinds: z.union([z.instanceof(KindRegistry), z.object({ nodeKinds: z.array(z.string()).optional(), edgeKinds: z.array(z.string()).optional() })]).optional(),
});

export type Neo4jGraphOptions = z.input<typeof optionsSchema>;

/**
 * Connects (verifying the server answers and the credentials work, with a few bounded retries),
 * sets the schema up idempotently and returns the GraphStore. Fails with a StorageError naming the
 * host when the server cannot be reached or refuses the credentials.
 */
export async function neo4jGraph(options: Neo4jGraphOptions): Promise<Neo4jGraphStore> {
  const o = parseInput(optionsSchema, options, "neo4jGraph options");
  const kinds = o.kinds instanceof KindRegistry ? o.kinds : new KindRegistry(o.kinds ?? {});
  const connection = await connect(o);
  const store = new Neo4jGraphStore(connection, { kinds, batchSize: o.batchSize });
  try {
    await store.setupSchema({ vectorDimensions: o.vectorDimensions });
  } catch (error) {
    await connection.close();
    throw error;
  }
  return store;
}

/** The TextIndex on the same database and connection as `graph` (closing the graph closes both). */
export function neo4jText(graph: Neo4jGraphStore): Neo4jTextIndex {
  return new Neo4jTextIndex(graph.connection, { batchSize: graph.batchSize });
}
