import { describe } from "vitest";
import type { GraphStore, TextIndex, VectorStore } from "@hippograph/memory";
import { eraseCases } from "./erase-cases.js";
import { graphCases } from "./graph-cases.js";
import { queryCases } from "./query-cases.js";
import { scaleCases } from "./scale-cases.js";
import { temporalCases } from "./temporal-cases.js";
import { textCases } from "./text-cases.js";
import { vectorCases } from "./vector-cases.js";

/**
 * The backend conformance kit: one suite, written against the ports only, that every storage
 * backend must pass (embedded SQLite today, Neo4j + Qdrant later). It never looks at storage
 * internals, so a case that fails is a contract break, not an implementation detail.
 */
export interface ConformanceBackend {
  graph: GraphStore;
  vectors: VectorStore;
  text: TextIndex;
  close(): Promise<void>;
}

export interface ConformanceTarget {
  name: string;
  /** A fresh, empty backend; vectors have `dimensions` dims. */
  create(options: { dimensions: number }): Promise<ConformanceBackend>;
  /** Optional: close and reopen the same storage (durability cases); omitted → those cases are skipped with a printed reason. */
  reopen?(backend: ConformanceBackend): Promise<ConformanceBackend>;
  /** Optional: a second independent handle on the same storage (multi-writer cases). */
  attach?(backend: ConformanceBackend): Promise<ConformanceBackend>;
}

/** Registers the whole suite as vitest describe/it blocks under the target's name. */
export function runConformance(target: ConformanceTarget): void {
  describe(`conformance: ${target.name}`, () => {
    graphCases(target);
    queryCases(target);
    temporalCases(target);
    eraseCases(target);
    vectorCases(target);
    textCases(target);
    scaleCases(target);
  });
}
