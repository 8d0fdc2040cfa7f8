import type { DocSource } from "./text-docs.js";

/**
 * How a memory write is indexed: skip re-embedding, embed other text, reuse vectors already
 * computed, or take stored turns already read (questions the batch's replies answer) instead of
 * reading them again.
 */
export interface CommitOptions {
  reembed?: boolean;
  embedText?: ReadonlyMap<string, string>;
  vectors?: ReadonlyMap<string, Float32Array>;
  turns?: readonly DocSource[];
  /** Nodes this commit only closes (validTo): their index entries stay as they were, not re-embedded. */
  closing?: ReadonlySet<string>;
}
