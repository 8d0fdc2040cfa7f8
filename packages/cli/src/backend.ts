import { hashEmbedder, ValidationError, type GraphStore, type TextIndex, type VectorStore } from "@hippograph/memory";
import { neo4jGraph, neo4jText } from "@hippograph/neo4j";
import { qdrantVectors } from "@hippograph/qdrant";

export const BACKENDS = ["embedded", "neo4j+qdrant"] as const;
export type Backend = (typeof BACKENDS)[number];

export interface RemoteStores {
  graph: GraphStore;
  vectors: VectorStore;
  text: TextIndex;
}

/**
 * Neo4j (graph + full-text) and Qdrant (vectors), configured from the environment so credentials never
 * appear on a command line: NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE?, QDRANT_URL,
 * QDRANT_API_KEY?, QDRANT_COLLECTION (default "default"). A missing variable is named, not guessed.
 */
export async function remoteStores(env: NodeJS.ProcessEnv = process.env): Promise<RemoteStores> {
  const missing = ["NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "QDRANT_URL"].filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new ValidationError(missing.map((name) => ({ path: name, message: "environment variable is required for --backend neo4j+qdrant" })), "--backend neo4j+qdrant");
  }
  const graph = await neo4jGraph({ uri: env.NEO4J_URI!, user: env.NEO4J_USER!, password: env.NEO4J_PASSWORD!, ...(env.NEO4J_DATABASE ? { database: env.NEO4J_DATABASE } : {}) });
  try {
    const vectors = await qdrantVectors({
      url: env.QDRANT_URL!, collection: env.QDRANT_COLLECTION ?? "default", dimensions: hashEmbedder().dimensions,
      ...(env.QDRANT_API_KEY ? { apiKey: env.QDRANT_API_KEY } : {}),
    });
    return { graph, vectors, text: neo4jText(graph) };
  } catch (error) {
    await graph.close();
    throw error;
  }
}
